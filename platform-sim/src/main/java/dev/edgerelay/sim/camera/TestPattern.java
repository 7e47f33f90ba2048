package dev.edgerelay.sim.camera;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;

/**
 * Draws the synthetic camera's picture: colour bars, a bar sweeping across (so motion, and frozen video, are
 * visible), a caption such as the wall-clock time, and a band of changing noise. Flat test patterns compress to a
 * fraction of the configured bit rate; the noise band, like a real sensor's, makes the encoder spend its budget,
 * so the relay is measured under camera-like bit rates. One instance per encoder, reused frame after frame.
 */
final class TestPattern {
  private static final Color[] BARS = {Color.WHITE, Color.YELLOW, Color.CYAN, Color.GREEN, Color.MAGENTA,
      Color.RED, Color.BLUE, Color.DARK_GRAY};
  /** Frames the sweeping bar takes to cross the picture: four seconds at 25 fps. */
  static final int SWEEP_FRAMES = 100;
  /** Different noise images cycled frame after frame, so no frame's noise predicts the next one's. */
  static final int NOISE_IMAGES = 4;
  /** The noise band's share of the picture height: one part in this many. */
  static final int NOISE_BAND_DIVISOR = 4;

  private final BufferedImage image;
  private final Graphics2D g;
  private final Font font;
  private final BufferedImage[] noise = new BufferedImage[NOISE_IMAGES];

  TestPattern(int width, int height) {
    image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    font = new Font(Font.MONOSPACED, Font.BOLD, Math.max(10, height / 9));
    SplittableRandom random = new SplittableRandom(width * 31L + height);
    for (int n = 0; n < NOISE_IMAGES; n++) {
      noise[n] = new BufferedImage(width, Math.max(2, height / NOISE_BAND_DIVISOR), BufferedImage.TYPE_BYTE_GRAY);
      byte[] pixels = ((DataBufferByte) noise[n].getRaster().getDataBuffer()).getData();
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (byte) (96 + random.nextInt(64));
      }
    }
  }

  /** Draws frame {@code index} with the {@code caption} and {@code label} lines; returns the shared image. */
  BufferedImage draw(long index, String caption, String label) {
    int w = image.getWidth();
    int h = image.getHeight();
    int barWidth = (w + BARS.length - 1) / BARS.length;
    for (int i = 0; i < BARS.length; i++) {
      g.setColor(BARS[i]);
      g.fillRect(i * barWidth, 0, barWidth, h);
    }
    int sweep = (int) (index % SWEEP_FRAMES * w / SWEEP_FRAMES);
    g.setColor(Color.BLACK);
    g.fillRect(sweep, 0, Math.max(4, w / 40), h);
    g.drawImage(noise[(int) (index % NOISE_IMAGES)], 0, h - noise[0].getHeight(), null);
    g.fillRect(0, h / 3, w, h / 3);
    g.setFont(font);
    g.setColor(Color.WHITE);
    int line = font.getSize();
    g.drawString(caption, w / 20, h / 3 + line + line / 4);
    g.drawString(label, w / 20, h / 3 + 2 * line + line / 2);
    return image;
  }

  void dispose() {
    g.dispose();
  }
}
