/**
 * MPEG-TS (ISO/IEC 13818-1) muxing of {@link dev.edgerelay.media.MediaUnit}s and the segmenter that
 * cuts the stream into keyframe-aligned segments, once per channel, for live HLS and the recorder (SegmentTee).
 */
package dev.edgerelay.media.ts;
