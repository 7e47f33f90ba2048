/**
 * Codec bitstream helpers, apart from any container: NAL unit framing (length-prefixed and Annex B),
 * H.264 SPS fields, parameter sets of decoder configuration records, AAC AudioSpecificConfig and ADTS.
 */
package dev.edgerelay.media.codec;
