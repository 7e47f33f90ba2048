package dev.edgerelay.media.rtmp.client;

import dev.edgerelay.media.MediaUnit;
import dev.edgerelay.media.flv.FlvUnitAdapter;
import dev.edgerelay.media.rtmp.message.MediaMessage;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Adapts a pull to {@link MediaUnit}s through the {@link FlvUnitAdapter}: sequence headers become the
 * configuration later units carry, so the consumer sees units only.
 */
public final class MediaUnitListener implements RtmpPlayListener {
  private final FlvUnitAdapter adapter;
  private final LongSupplier clockMillis;
  private final Consumer<MediaUnit> units;

  /**
   * @param clockMillis stamps each unit's arrival (wall clock in milliseconds)
   * @param units receives each unit and owns it; it runs on the connection's event loop
   */
  public MediaUnitListener(String streamName, ByteBufAllocator alloc, LongSupplier clockMillis,
      Consumer<MediaUnit> units) {
    this.adapter = new FlvUnitAdapter(streamName, alloc);
    this.clockMillis = clockMillis;
    this.units = units;
  }

  /** Units from the default allocator, stamped with the system clock (tests, tools). */
  public MediaUnitListener(String streamName, Consumer<MediaUnit> units) {
    this(streamName, ByteBufAllocator.DEFAULT, System::currentTimeMillis, units);
  }

  @Override
  public void onMedia(MediaMessage message) {
    MediaUnit unit = adapter.toUnit(message, clockMillis.getAsLong());
    if (unit != null) {
      units.accept(unit);
    }
  }
}
