package dev.edgerelay.cluster;

import com.hazelcast.config.Config;

/** A Hazelcast configuration and where it came from, for the log and {@code /edge/cluster}. */
public record LoadedConfig(Config config, String source) {
}
