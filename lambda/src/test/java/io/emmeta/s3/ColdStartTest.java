package io.emmeta.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import io.emmeta.s3.ColdStart.Span;

/** The cold-start line (issue #15): the process's age from /proc's text, and the spans in whole ms. */
class ColdStartTest {

    private static final long MS = 1_000_000;

    @Test
    void processAgeIsUptimeLessTheStartTick() {
        // proc(5): uptime in seconds with centiseconds; stat field 22 = start time in ticks (USER_HZ 100). A command
        // name with spaces and parentheses must not shift the fields. 12345.67 s - 1234500 ticks / 100 = 0.67 s.
        String stat = "4242 (boot (strap) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 3 0 1234500 "
                + "123456789 2000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        assertEquals(670 * MS, ColdStart.processAgeNanos("12345.67 24000.00\n", stat));
    }

    @Test
    void aStartInTheFutureIsUnknown() {
        String stat = "7 (x) S 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 999999 0 0";
        assertEquals(-1, ColdStart.processAgeNanos("10.00 5.00", stat));
    }

    @Test
    void spansFromTheProcessStartOnlyTheFirstTimeAndOnce() {
        // the first mark comes 40 ms after the process's start
        ColdStart t = new ColdStart(40 * MS);
        long base = 1_000_000_000L;
        t.end(Span.RUNTIME, base);
        t.begin(Span.S3CLIENT, base + 10 * MS);
        t.end(Span.S3CLIENT, base + 70 * MS);
        t.begin(Span.TABLES, base + 70 * MS);
        t.end(Span.TABLES, base + 100 * MS);
        t.begin(Span.EVENT, base + 105 * MS);
        t.begin(Span.FIRST_GET, base + 106 * MS);
        t.end(Span.FIRST_GET, base + 116 * MS);
        t.begin(Span.FIRST_GET, base + 120 * MS); // a second GET: not the first one
        t.end(Span.FIRST_GET, base + 190 * MS);
        assertNull(t.report(), "no line before the first event ended");
        t.end(Span.EVENT, base + 200 * MS);
        assertEquals("emmeta cold start: runtime=40 s3client=60 tables=30 event=95 get=10 other=15 total=240",
                t.report());
        assertNull(t.report(), "once per process");
    }
}
