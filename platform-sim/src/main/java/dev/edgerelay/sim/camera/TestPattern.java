package dev.edgerelay.sim.camera;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Draws the synthetic camera's picture: colour bars, a bar sweeping across (so motion, and frozen video, are
 * visible) and a caption such as the wall-clock time. One instance per encoder, reused frame after frame.
 */
final class TestPattern {
  private static final Color[] BARS = {Color.WHITE, Color.YELLOW, Color.CYAN, Color.GREEN, Color.MAGENTA,
      Color.RED, Color.BLUE, Color.DARK_GRAY};
  /** Frames the sweeping bar takes to cross the picture: four seconds at 25 fps. */
  static final int SWEEP_FRAMES = 100;

  private final BufferedImage image;
  private final Graphics2D g;
  private final Font font;

  TestPattern(int width, int height) {
    image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    font = new Font(Font.MONOSPACED, Font.BOLD, Math.max(10, height / 9));
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
