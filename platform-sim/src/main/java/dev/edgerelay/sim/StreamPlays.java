package dev.edgerelay.sim;

/**
 * The RTMP players of one published stream at the origin: how many are connected now and how many were admitted
 * since the origin started. A site that pulls each channel once shows {@code playing == 1} per watched channel.
 *
 * @param playing admitted player connections open now
 * @param admitted players admitted since the origin started, closed ones included
 */
public record StreamPlays(int playing, long admitted) {}
