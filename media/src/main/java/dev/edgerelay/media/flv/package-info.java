/**
 * FLV tags (Adobe FLV spec v10.1 annex E, Enhanced RTMP v1/v2) and their mapping to and from
 * codec-neutral {@link dev.edgerelay.media.MediaUnit}s: the bridge between RTMP and everything else.
 */
package dev.edgerelay.media.flv;
