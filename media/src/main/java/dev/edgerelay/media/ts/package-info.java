/**
 * MPEG-TS (ISO/IEC 13818-1) muxing of {@link dev.edgerelay.media.MediaUnit}s and the segmenter that
 * cuts the stream into keyframe-aligned segments for live HLS (in memory) and the recorder (files).
 */
package dev.edgerelay.media.ts;
