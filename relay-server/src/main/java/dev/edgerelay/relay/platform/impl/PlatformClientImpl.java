package dev.edgerelay.relay.platform.impl;

import dev.edgerelay.relay.platform.ChannelApi;
import dev.edgerelay.relay.platform.CommandApi;
import dev.edgerelay.relay.platform.DeviceApi;
import dev.edgerelay.relay.platform.DeviceStatusApi;
import dev.edgerelay.relay.platform.ObjectStorageApi;
import dev.edgerelay.relay.platform.PictureApi;
import dev.edgerelay.relay.platform.PlatformClient;
import dev.edgerelay.relay.platform.PlatformOptions;
import dev.edgerelay.relay.platform.PlayApi;
import dev.edgerelay.relay.platform.ProductApi;
import dev.edgerelay.relay.platform.StatApi;
import dev.edgerelay.relay.platform.VodApi;
import io.vertx.core.Vertx;

/** One transport (connection pool) and the section APIs bound to one api-key. */
public final class PlatformClientImpl implements PlatformClient {
  private final PlatformTransport transport;
  private final DeviceApi devices;
  private final ChannelApi channels;
  private final CommandApi commands;
  private final PlayApi play;
  private final PictureApi pictures;
  private final VodApi vod;
  private final DeviceStatusApi deviceStatus;
  private final ProductApi product;
  private final StatApi stat;
  private final ObjectStorageApi objects;

  public PlatformClientImpl(Vertx vertx, PlatformOptions options) {
    this(new PlatformTransport(vertx, options), options.apiKey());
  }

  private PlatformClientImpl(PlatformTransport transport, String apiKey) {
    this.transport = transport;
    this.devices = new DeviceApiImpl(transport, apiKey);
    this.channels = new ChannelApiImpl(transport, apiKey);
    this.commands = new CommandApiImpl(transport, apiKey);
    this.play = new PlayApiImpl(transport, apiKey);
    this.pictures = new PictureApiImpl(transport, apiKey);
    this.vod = new VodApiImpl(transport, apiKey);
    this.deviceStatus = new DeviceStatusApiImpl(transport, apiKey);
    this.product = new ProductApiImpl(transport, apiKey);
    this.stat = new StatApiImpl(transport, apiKey);
    this.objects = new ObjectStorageApiImpl(transport, apiKey);
  }

  @Override
  public PlatformClient withKey(String apiKey) {
    return new PlatformClientImpl(transport, apiKey);
  }

  @Override
  public PlatformOptions options() {
    return new PlatformOptions(transport.options());
  }

  @Override
  public DeviceApi devices() {
    return devices;
  }

  @Override
  public ChannelApi channels() {
    return channels;
  }

  @Override
  public CommandApi commands() {
    return commands;
  }

  @Override
  public PlayApi play() {
    return play;
  }

  @Override
  public PictureApi pictures() {
    return pictures;
  }

  @Override
  public VodApi vod() {
    return vod;
  }

  @Override
  public DeviceStatusApi deviceStatus() {
    return deviceStatus;
  }

  @Override
  public ProductApi product() {
    return product;
  }

  @Override
  public StatApi stat() {
    return stat;
  }

  @Override
  public ObjectStorageApi objects() {
    return objects;
  }

  @Override
  public void close() {
    transport.close();
  }
}
