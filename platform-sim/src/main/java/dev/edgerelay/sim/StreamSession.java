package dev.edgerelay.sim;

/**
 * A live push (camera publishing) or a viewer, listed by getpushlist / getonlinelist (spec 13).
 *
 * @param id handle to remove the session with
 * @param protocolType "RTMP" or "HLS"
 * @param peerIp the pusher's ({@code puship}) or viewer's ({@code clientip}) address
 * @param resolution e.g. "1280 * 720" as the spec writes it
 * @param bandwidth bits per second
 */
public record StreamSession(String id, String deviceId, int channelId, String protocolType, String peerIp,
                            String videoCodec, String resolution, int fps, String audioCodec, long bandwidth,
                            long startedMillis) {}
