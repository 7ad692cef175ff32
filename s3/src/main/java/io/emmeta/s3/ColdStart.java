package io.emmeta.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where a fresh process's time goes up to its first answer (issue #15): spans of the start-up work, each timed the
 * first time it runs, and one line that says them in milliseconds since the process started. The Lambda logs that
 * line once, after its first event; every later call of {@link #begin}/{@link #end} is a no-op.
 *
 * <p>The process's own start comes from {@code /proc} (its start tick against the system's uptime), so the
 * runtime's start-up before any of our code runs is counted too; both have 10 ms resolution (the kernel's clock
 * ticks), finer than the start-up they measure but not finer than that. Without {@code /proc} the first span's start
 * stands in for it.
 */
public final class ColdStart {

    /** The parts of a cold start, in the order they usually happen. */
    public enum Span {
        /** The framework's start: from the process's start to the framework's "started" (begin not used). */
        RUNTIME("runtime"),
        /** Building the S3 client (configuration, credentials provider, region, HTTP client). */
        S3CLIENT("s3client"),
        /** The chain's data: readers, mapping tables, JSON schemas, unit tables. */
        TABLES("tables"),
        /** The first event, from the handler's call to its answer. */
        EVENT("event"),
        /** Inside the first event: the first read of the object (a ranged GET). */
        FIRST_GET("get"),
        /** Inside the first GET: the SDK's work before the wire (endpoint, marshalling, credentials, signing). */
        GET_PREP("getPrep"),
        /** Inside the first GET: on the wire, from the request's sending to the response's head (connection included). */
        GET_WIRE("getWire"),
        /** Inside the first event: detection, reading, mapping, validation. */
        EXTRACTION("extraction"),
        /** Inside the first event: writing the documents (what they say, then the PUTs). */
        PUT("put"),
        /** Inside {@link #PUT}: the first extraction record's serialisation (Jackson builds its serialisers). */
        JSON("json"),
        /** Inside {@link #PUT}: the first PUT calls, all documents side by side. */
        PUT_CALLS("putCalls"),
        /** Inside {@link #PUT_CALLS}: the first PUT's work before the wire (they run side by side: the first to start). */
        PUT_PREP("putPrep"),
        /** Inside {@link #PUT_CALLS}: on the wire, from the first PUT's sending to the first response's head. */
        PUT_WIRE("putWire"),
        /**
         * Beside the others: the warm-up thread, from its start (the framework's "started") to its end (client, chain,
         * serialisers); the first event waits only for what it needs of it.
         */
        WARM_UP("warmUp");

        final String label;

        Span(String label) {
            this.label = label;
        }
    }

    /** The line's first words, which the native-vs-JVM harness looks for in the function's log. */
    public static final String PREFIX = "emmeta cold start:";

    /** This process's timeline (its start is read from /proc on the first mark). */
    private static final ColdStart PROCESS = new ColdStart(-1);

    private final Map<Span, long[]> spans = new EnumMap<>(Span.class);
    private volatile boolean reported;
    /** How long before the first mark the process started, or -1 to read it from /proc then. */
    private final long knownAge;
    /** The process's start on the {@link System#nanoTime} scale, or 0 when unknown; fixed on the first mark. */
    private long processStart;
    private boolean startKnown;

    ColdStart(long ageAtFirstMark) {
        this.knownAge = ageAtFirstMark;
    }

    /** The span starts now, unless it already started once (only the first time counts). */
    public static void begin(Span span) {
        PROCESS.begin(span, System.nanoTime());
    }

    /** The span ends now, if this is its first end (a span without a begin starts at the process's start). */
    public static void end(Span span) {
        PROCESS.end(span, System.nanoTime());
    }

    /**
     * This process's line, the first time it is asked for after its first event ended; null before and afterwards.
     */
    public static String reportOnce() {
        return PROCESS.report();
    }

    void begin(Span span, long now) {
        if (reported) {
            return;
        }
        synchronized (spans) {
            knowProcessStart(now);
            spans.computeIfAbsent(span, s -> new long[] {now, 0});
        }
    }

    void end(Span span, long now) {
        if (reported) {
            return;
        }
        synchronized (spans) {
            knowProcessStart(now);
            long[] t = spans.computeIfAbsent(span, s -> new long[] {0, 0});
            if (t[1] == 0) {
                t[1] = now;
            }
        }
    }

    /**
     * The line, the first time it is asked for (null afterwards, and null until {@link Span#EVENT} ended): each
     * span's length in ms, {@code other} for what the top-level spans leave of the total (the runtime's polling, bean
     * wiring, the event's own parsing; 0 when spans ran side by side and overlap), {@code total} from the process's
     * start to the first event's end.
     */
    String report() {
        synchronized (spans) {
            long[] event = spans.get(Span.EVENT);
            if (reported || event == null || event[1] == 0) {
                return null;
            }
            reported = true;
            long origin = processStart != 0 ? processStart : earliestBegin();
            StringBuilder sb = new StringBuilder(PREFIX);
            long topLevel = 0;
            for (Span s : Span.values()) {
                long[] t = spans.get(s);
                if (t == null || t[1] == 0) {
                    continue;
                }
                long ms = ms(t[1] - (t[0] == 0 ? origin : t[0]));
                sb.append(' ').append(s.label).append('=').append(ms);
                if (s.ordinal() <= Span.EVENT.ordinal()) {
                    topLevel += ms;
                }
            }
            long total = ms(event[1] - origin);
            sb.append(" other=").append(Math.max(0, total - topLevel)).append(" total=").append(total);
            if (processStart == 0) {
                sb.append(" (process start unknown: from the first span)");
            }
            return sb.toString();
        }
    }

    private long earliestBegin() {
        long min = Long.MAX_VALUE;
        for (long[] t : spans.values()) {
            for (long v : t) {
                if (v != 0 && v < min) {
                    min = v;
                }
            }
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }

    private static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }

    private void knowProcessStart(long now) {
        if (!startKnown) {
            startKnown = true;
            long age = knownAge >= 0 ? knownAge : processAgeNanos();
            processStart = age < 0 ? 0 : now - age;
        }
    }

    /**
     * How long ago this process started: the system's uptime ({@code /proc/uptime}, centiseconds) less the process's
     * start time in clock ticks since boot ({@code /proc/self/stat} field 22; USER_HZ is 100 on Linux). -1 if unknown.
     */
    static long processAgeNanos() {
        try {
            String uptime = Files.readString(Path.of("/proc/uptime"), StandardCharsets.US_ASCII);
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            return processAgeNanos(uptime, stat);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The same from the two files' text. */
    static long processAgeNanos(String uptime, String stat) {
        double up = Double.parseDouble(uptime.strip().split("\\s+")[0]);
        // the command name (field 2) is in parentheses and may hold spaces: fields are counted after its ')'
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).strip().split("\\s+");
        long startTicks = Long.parseLong(after[22 - 3]);
        long age = Math.round(up * 1e9) - startTicks * 10_000_000L;
        return age < 0 ? -1 : age;
    }
}
