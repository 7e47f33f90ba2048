package dev.edgerelay.media.amf0;

/**
 * An AMF0 date (spec 2.13): milliseconds since the epoch in UTC, and a time-zone field that the spec
 * says is reserved and should be 0, kept only so that a decoded date re-encodes byte for byte.
 */
public record Amf0Date(double epochMillis, short timeZone) {}
