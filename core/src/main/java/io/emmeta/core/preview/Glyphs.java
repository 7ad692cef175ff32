package io.emmeta.core.preview;

import java.util.Map;

/**
 * A 5 × 7 bitmap font of the few characters a scale bar and an axis label need (digits, units, keV), carried in the
 * code: the native Lambda has no fonts and AWT does not run there. Each glyph is seven rows of five pixels, written
 * as text so the shapes can be read and corrected here.
 */
final class Glyphs {

    static final int WIDTH = 5;
    static final int HEIGHT = 7;

    private static final Map<Character, String[]> SHAPES = Map.ofEntries(
            Map.entry('0', new String[] {".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."}),
            Map.entry('1', new String[] {"..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."}),
            Map.entry('2', new String[] {".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"}),
            Map.entry('3', new String[] {"####.", "....#", "....#", ".###.", "....#", "....#", "####."}),
            Map.entry('4', new String[] {"...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."}),
            Map.entry('5', new String[] {"#####", "#....", "####.", "....#", "....#", "#...#", ".###."}),
            Map.entry('6', new String[] {"..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."}),
            Map.entry('7', new String[] {"#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."}),
            Map.entry('8', new String[] {".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."}),
            Map.entry('9', new String[] {".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."}),
            Map.entry('.', new String[] {".....", ".....", ".....", ".....", ".....", ".##..", ".##.."}),
            Map.entry('-', new String[] {".....", ".....", ".....", "#####", ".....", ".....", "....."}),
            Map.entry('/', new String[] {"....#", "....#", "...#.", "..#..", ".#...", "#....", "#...."}),
            Map.entry(' ', new String[] {".....", ".....", ".....", ".....", ".....", ".....", "....."}),
            Map.entry('µ', new String[] {".....", ".....", "#...#", "#...#", "#...#", "##.##", "#.#.."}),
            Map.entry('m', new String[] {".....", ".....", "##.#.", "#.#.#", "#.#.#", "#.#.#", "#.#.#"}),
            Map.entry('n', new String[] {".....", ".....", "#.##.", "##..#", "#...#", "#...#", "#...#"}),
            Map.entry('p', new String[] {".....", ".....", "####.", "#...#", "####.", "#....", "#...."}),
            Map.entry('k', new String[] {"#....", "#....", "#..#.", "#.#..", "##...", "#.#..", "#..#."}),
            Map.entry('e', new String[] {".....", ".....", ".###.", "#...#", "#####", "#....", ".###."}),
            Map.entry('V', new String[] {"#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#.."}),
            Map.entry('c', new String[] {".....", ".....", ".###.", "#....", "#....", "#...#", ".###."}),
            Map.entry('o', new String[] {".....", ".....", ".###.", "#...#", "#...#", "#...#", ".###."}),
            Map.entry('u', new String[] {".....", ".....", "#...#", "#...#", "#...#", "#..##", ".##.#"}),
            Map.entry('t', new String[] {".#...", ".#...", "###..", ".#...", ".#...", ".#..#", "..##."}),
            Map.entry('s', new String[] {".....", ".....", ".####", "#....", ".###.", "....#", "####."}),
            Map.entry('Å', new String[] {"..#..", ".....", ".###.", "#...#", "#####", "#...#", "#...#"}));

    private Glyphs() {
    }

    /** True when every character of the text has a glyph. */
    static boolean canDraw(String text) {
        return text.chars().allMatch(c -> SHAPES.containsKey((char) c));
    }

    /** Width in pixels of the text at the given scale (one column of space between glyphs). */
    static int width(String text, int scale) {
        return text.isEmpty() ? 0 : (text.length() * (WIDTH + 1) - 1) * scale;
    }

    /** Draws the text with its top-left corner at (x, y); characters without a glyph are left blank. */
    static void draw(Canvas c, String text, int x, int y, int scale, int grey) {
        for (int i = 0; i < text.length(); i++) {
            String[] rows = SHAPES.get(text.charAt(i));
            if (rows == null) {
                continue;
            }
            int gx = x + i * (WIDTH + 1) * scale;
            for (int r = 0; r < HEIGHT; r++) {
                for (int col = 0; col < WIDTH; col++) {
                    if (rows[r].charAt(col) == '#') {
                        c.fill(gx + col * scale, y + r * scale, scale, scale, grey);
                    }
                }
            }
        }
    }
}
