/**
 * One live stream and its readers, free of Vert.x and of any transport: the source publishes
 * {@link dev.edgerelay.media.MediaUnit}s on its own thread, each reader gets them through its own bounded queue
 * on its own executor, and the stream keeps the current GOP for readers that start from it and for thumbnails.
 * The node's hub holds one per device-channel (docs/threading.md).
 */
package dev.edgerelay.media.stream;
