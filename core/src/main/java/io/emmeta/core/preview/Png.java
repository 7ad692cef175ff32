package io.emmeta.core.preview;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** An 8-bit greyscale PNG (IHDR, one IDAT, IEND), written with the JDK's Deflater and CRC32: no AWT, no ImageIO. */
final class Png {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Png() {
    }

    static byte[] grey(Canvas c) {
        // each row starts with filter type 0 (none): the image is small, deflate does the work
        byte[] raw = new byte[(c.width + 1) * c.height];
        for (int y = 0; y < c.height; y++) {
            System.arraycopy(c.pixels, y * c.width, raw, y * (c.width + 1) + 1, c.width);
        }
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try {
            d.setInput(raw);
            d.finish();
            byte[] buf = new byte[16384];
            while (!d.finished()) {
                packed.write(buf, 0, d.deflate(buf));
            }
        } finally {
            d.end();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(c.width).putInt(c.height).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", packed.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
