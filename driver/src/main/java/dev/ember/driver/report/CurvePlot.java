// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws named series against the epoch in two panels (losses left, the validation metric right)
 * and encodes them as PNG. Headless: no display is needed.
 */
public final class CurvePlot {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd)};
    private static final int PANEL_W = 520;
    private static final int PANEL_H = 360;

    private CurvePlot() {}

    /** A PNG of {@code left} and {@code right} series (each a map of name to per-epoch values; NaN = missing). */
    public static byte[] png(String title, Map<String, double[]> left, String leftLabel,
            Map<String, double[]> right, String rightLabel) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(2 * PANEL_W, PANEL_H + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 20, 24);
        panel(g, 0, 40, left, leftLabel);
        panel(g, PANEL_W, 40, right, rightLabel);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static void panel(Graphics2D g, int x0, int y0, Map<String, double[]> series, String label) {
        int left = x0 + 70;
        int top = y0 + 20;
        int width = PANEL_W - 100;
        int height = PANEL_H - 80;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int epochs = 0;
        for (double[] values : series.values()) {
            epochs = Math.max(epochs, values.length);
            for (double v : values) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(label + " per epoch", left, y0 + 12);
        g.drawRect(left, top, width, height);
        if (epochs == 0 || !Double.isFinite(min)) {
            g.drawString("no data", left + width / 2 - 20, top + height / 2);
            return;
        }
        if (max - min < 1e-12) {
            max = min + 1;
        }
        for (int i = 0; i <= 4; i++) {
            double v = min + (max - min) * i / 4;
            int y = top + height - (int) Math.round((v - min) / (max - min) * height);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, left + width, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.4g", v), x0 + 5, y + 4);
        }
        g.drawString("epoch 1", left, top + height + 16);
        g.drawString("epoch " + epochs, left + width - 50, top + height + 16);
        int colour = 0;
        int legendY = top + 16;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            g.setColor(PALETTE[colour++ % PALETTE.length]);
            g.setStroke(new BasicStroke(2f));
            double[] v = e.getValue();
            int prevX = -1;
            int prevY = -1;
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    prevX = -1;
                    continue;
                }
                int x = left + (epochs == 1 ? width / 2 : (int) Math.round((double) i / (epochs - 1) * width));
                int y = top + height - (int) Math.round((v[i] - min) / (max - min) * height);
                g.fillOval(x - 3, y - 3, 6, 6);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, x, y);
                }
                prevX = x;
                prevY = y;
            }
            g.drawString(e.getKey(), left + width - 120, legendY);
            legendY += 16;
        }
    }

    /** Series helper: an ordered map. */
    public static Map<String, double[]> series(List<String> names, List<double[]> values) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), values.get(i));
        }
        return out;
    }
}
