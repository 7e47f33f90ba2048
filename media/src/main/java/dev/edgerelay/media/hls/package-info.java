/** HLS media playlists (RFC 8216): the model, the live sliding window and the text writer. */
package dev.edgerelay.media.hls;
