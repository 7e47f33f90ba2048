package dev.edgerelay.relay.hls;

import dev.edgerelay.media.hls.MediaPlaylist;
import dev.edgerelay.media.hls.PlaylistSegment;
import dev.edgerelay.media.hls.PlaylistWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A live playlist's text, written once per update (a segment added or evicted) and answered to every
 * viewer (the bench's latency probe alone asks 80 playlists a second).
 *
 * <p>Players request segment URIs as written and do not carry the playlist's query over (RFC 8216 4.1
 * resolves them as plain URIs), so each viewer's play token must follow every segment URI. The text is
 * kept cut after each URI; {@link #withToken} joins the pieces with {@code ?token}: one copy, no
 * formatting, and nothing of one request is cached for the next.
 */
public final class PlaylistText {
  /** Cannot occur in a playlist line (RFC 8216 4.1: UTF-8 without control characters other than CR, LF). */
  private static final char URI_END = '\0';

  private final MediaPlaylist playlist;
  /** The text cut after each segment URI: {@code pieces.length == segments + 1}. */
  private final String[] pieces;
  private final int length;

  private PlaylistText(MediaPlaylist playlist, String[] pieces) {
    this.playlist = playlist;
    this.pieces = pieces;
    int total = 0;
    for (String piece : pieces) {
      total += piece.length();
    }
    this.length = total;
  }

  public static PlaylistText of(MediaPlaylist playlist) {
    List<PlaylistSegment> marked = new ArrayList<>(playlist.segments().size());
    for (PlaylistSegment s : playlist.segments()) {
      marked.add(new PlaylistSegment(s.uri() + URI_END, s.duration90k(), s.discontinuity(),
          s.programDateTimeMillis(), s.independent()));
    }
    String text = PlaylistWriter.write(new MediaPlaylist(playlist.type(), playlist.targetDuration(),
        playlist.mediaSequence(), playlist.discontinuitySequence(), marked, playlist.ended()));
    return new PlaylistText(playlist, text.split(String.valueOf(URI_END), -1));
  }

  public MediaPlaylist playlist() {
    return playlist;
  }

  /** The text with {@code ?token} after every segment URI, so the viewer's segment requests carry it. */
  public String withToken(String token) {
    int uris = pieces.length - 1;
    StringBuilder sb = new StringBuilder(length + uris * (token.length() + 1));
    sb.append(pieces[0]);
    for (int i = 1; i < pieces.length; i++) {
      sb.append('?').append(token).append(pieces[i]);
    }
    return sb.toString();
  }
}
