package io.emmeta.core.preview;

/** An 8-bit greyscale raster, row-major; drawing outside it is clipped. */
final class Canvas {

    final int width;
    final int height;
    final byte[] pixels;

    Canvas(int width, int height) {
        this.width = width;
        this.height = height;
        this.pixels = new byte[width * height];
    }

    void set(int x, int y, int grey) {
        if (x >= 0 && y >= 0 && x < width && y < height) {
            pixels[y * width + x] = (byte) grey;
        }
    }

    int get(int x, int y) {
        return pixels[y * width + x] & 0xff;
    }

    void fill(int x, int y, int w, int h, int grey) {
        for (int j = Math.max(0, y); j < Math.min(height, y + h); j++) {
            for (int i = Math.max(0, x); i < Math.min(width, x + w); i++) {
                pixels[j * width + i] = (byte) grey;
            }
        }
    }

    /** A line by Bresenham's steps. */
    void line(int x0, int y0, int x1, int y1, int grey) {
        int dx = Math.abs(x1 - x0);
        int dy = -Math.abs(y1 - y0);
        int sx = x0 < x1 ? 1 : -1;
        int sy = y0 < y1 ? 1 : -1;
        int err = dx + dy;
        while (true) {
            set(x0, y0, grey);
            if (x0 == x1 && y0 == y1) {
                return;
            }
            int e2 = 2 * err;
            if (e2 >= dy) {
                err += dy;
                x0 += sx;
            }
            if (e2 <= dx) {
                err += dx;
                y0 += sy;
            }
        }
    }
}
