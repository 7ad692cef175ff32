package io.emmeta.core.map;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.emmeta.core.model.Units;
import io.emmeta.core.model.Value;

/**
 * The named converters mapping tables may refer to. Registered by name in code (no reflection), so a table naming
 * an unknown converter fails at load time, not in the middle of a file.
 */
public final class Converters {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final DateTimeFormatter LOCAL_ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);

    private final Map<String, Converter> byName = new HashMap<>();
    private final Map<String, Integer> arities = new HashMap<>();

    public Converters() {
        register("boolean", 1, (a, c) -> bool(first(a)));
        register("zeissDateTime", 2, Converters::zeissDateTime);
        register("feiDateTime", 3, Converters::feiDateTime);
        register("epochSecondsUtc", 1, Converters::epochSecondsUtc);
        register("isoLocalDateTime", 1, Converters::isoDateTime);
        register("storeResolution", 1, Converters::storeResolution);
        register("zeissFibProbeCurrent", 1, Converters::fibProbeCurrent);
        register("ratio", 2, Converters::ratio);
        register("dimensionless", 1, Converters::dimensionless);
        register("slashDateTime", 2, Converters::slashDateTime);
        register("isoDateAndTime", 2, Converters::isoDateAndTime);
        register("difference", 2, Converters::difference);
        register("windowsFiletimeUtc", 1, Converters::windowsFiletimeUtc);
        register("gatanDateTime", 2, Converters::gatanDateTime);
        register("asctimeLocal", 1, Converters::asctimeLocal);
    }

    /**
     * @param arity how many inputs the converter reads: 1 gets the first present value of a row's {@code from}; more
     *              get a row's {@code args} in order, absent ones as null
     */
    public void register(String name, int arity, Converter converter) {
        if (arity < 1) {
            throw new IllegalArgumentException("converter " + name + ": arity " + arity);
        }
        byName.put(name, converter);
        arities.put(name, arity);
    }

    public Converter get(String name) {
        return byName.get(name);
    }

    /** The number of inputs the named converter reads (see {@link #register}). */
    public int arity(String name) {
        return arities.get(name);
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    static Value first(List<Value> args) {
        for (Value v : args) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    static JsonNode bool(Value v) throws MappingException {
        if (v == null) {
            return null;
        }
        if (v.value() instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (v.isNumber()) {
            return JSON.booleanNode(v.asDouble() != 0);
        }
        String s = v.asText().strip().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "yes", "on", "true", "enabled", "1" -> JSON.booleanNode(true);
            case "no", "off", "false", "disabled", "0" -> JSON.booleanNode(false);
            default -> throw new MappingException("not a boolean: '" + v.asText() + "'");
        };
    }

    // ---- dates: every vendor's fixed pattern parsed explicitly, never with the machine's locale or zone ----

    private static final DateTimeFormatter ZEISS_DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d MMM uuuu").toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter H_MM_SS = DateTimeFormatter.ofPattern("H:mm[:ss]", Locale.ROOT);

    /** The Zeiss date and time as ISO local text, or null when either does not parse. */
    public static String zeissDateTimeText(String date, String time) {
        try {
            LocalDate d = LocalDate.parse(date.strip(), ZEISS_DATE);
            if (time == null) {
                return null;
            }
            LocalTime t = LocalTime.parse(time.strip(), H_MM_SS);
            return LOCAL_ISO.format(LocalDateTime.of(d, t));
        } catch (DateTimeParseException | NullPointerException e) {
            return null;
        }
    }

    /** Zeiss AP_DATE "23 Dec 2015" + AP_TIME "9:40:32": local time of the instrument, zone unknown. */
    static JsonNode zeissDateTime(List<Value> a, MappingContext ctx) throws MappingException {
        return dateAndTime(a, ZEISS_DATE, ctx);
    }

    private static final DateTimeFormatter FEI_CREATION = DateTimeFormatter.ofPattern("dd.MM.uuuu HH:mm:ss", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("M/d/uuuu", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter US_TIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("h:mm:ss a").toFormatter(Locale.ENGLISH);

    /**
     * FEI/Thermo: [PrivateFei] TimeOfCreation "18.08.2020 13:40:03" (24 h, day first), else [User] Date
     * "08/18/2020" + Time "01:40:03 PM" (US, 12 h). Local time, zone unknown.
     */
    static JsonNode feiDateTime(List<Value> a, MappingContext ctx) throws MappingException {
        Value creation = a.isEmpty() ? null : a.get(0);
        if (creation != null) {
            try {
                return local(LocalDateTime.parse(creation.asText().strip(), FEI_CREATION), ctx);
            } catch (DateTimeParseException e) {
                ctx.note("TimeOfCreation '" + creation.asText() + "' not in dd.MM.yyyy HH:mm:ss; using [User] Date/Time");
            }
        }
        Value date = a.size() > 1 ? a.get(1) : null;
        Value time = a.size() > 2 ? a.get(2) : null;
        if (date == null) {
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(date.asText().strip(), US_DATE);
            if (time == null) {
                return dateOnly(d, ctx);
            }
            String ts = time.asText().strip();
            LocalTime t = AM_PM.matcher(io.emmeta.core.problem.Deadline.watched(ts)).matches() ? LocalTime.parse(ts, US_TIME) : LocalTime.parse(ts, H_MM_SS);
            return local(LocalDateTime.of(d, t), ctx);
        } catch (DateTimeParseException e) {
            throw new MappingException("FEI date/time '" + date.asText() + "' '" + (time == null ? "" : time.asText())
                    + "': " + e.getMessage());
        }
    }

    private static final DateTimeFormatter SLASH_DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    /** JEOL and Hitachi: "2020/08/31" + "15:32:31" (year first, 24 h), the instrument's local time. */
    static JsonNode slashDateTime(List<Value> a, MappingContext ctx) throws MappingException {
        return dateAndTime(a, SLASH_DATE, ctx);
    }

    /** a − b (an image height less its data bar); b absent means nothing to subtract. Integers stay integers. */
    static JsonNode difference(List<Value> a, MappingContext ctx) throws MappingException {
        if (a.isEmpty() || a.get(0) == null) {
            return null;
        }
        if (!a.get(0).isNumber() || (a.size() > 1 && a.get(1) != null && !a.get(1).isNumber())) {
            throw new MappingException("difference of non-numbers");
        }
        double b = a.size() > 1 && a.get(1) != null ? a.get(1).asDouble() : 0;
        return Mapper.number(a.get(0).asDouble() - b);
    }

    /** FILETIME's zero, parsed once rather than per file. */
    private static final Instant FILETIME_EPOCH = Instant.parse("1601-01-01T00:00:00Z");

    /** Windows FILETIME (100 ns ticks since 1601-01-01 UTC; DigitalMicrograph's "Acquisition Time (OS)"), as UTC Z. */
    static JsonNode windowsFiletimeUtc(List<Value> a, MappingContext ctx) throws MappingException {
        Value v = first(a);
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || v.asDouble() <= 0) {
            throw new MappingException("FILETIME '" + v.asText() + "' is not a positive number");
        }
        long ticks = (long) v.asDouble();
        Instant i = FILETIME_EPOCH.plusSeconds(ticks / 10_000_000L);
        return JSON.textNode(LOCAL_ISO.format(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + "Z");
    }

    private static final Pattern NUMERIC_DATE = Pattern.compile("\\s*(\\d{1,2})([./])(\\d{1,2})\\2(\\d{4})\\s*");

    /**
     * DigitalMicrograph's DataBar / SI Acquisition date and time, written in the acquiring PC's locale: "9/16/2021" +
     * "12:06:16 PM" (US: month first, 12 h), "27.08.2016" + "20:54:33" (day first). A 12-hour time marks the US order;
     * a dotted date is day first; otherwise a slashed date is read only when one part cannot be a month (27/08/2016).
     * "04/11/2020" with "14:41:01" could be either: left out with a note, never guessed. Local time, zone unknown.
     */
    static JsonNode gatanDateTime(List<Value> a, MappingContext ctx) throws MappingException {
        if (a.size() < 2 || a.get(0) == null) {
            return null;
        }
        String date = a.get(0).asText();
        Matcher m = NUMERIC_DATE.matcher(io.emmeta.core.problem.Deadline.watched(date));
        if (!m.matches()) {
            throw new MappingException("date '" + date + "' is not d/m/yyyy, m/d/yyyy or d.m.yyyy");
        }
        int first = Integer.parseInt(m.group(1));
        int second = Integer.parseInt(m.group(3));
        int year = Integer.parseInt(m.group(4));
        String ts = a.get(1) == null ? null : a.get(1).asText().strip();
        boolean twelveHour = ts != null && AM_PM.matcher(io.emmeta.core.problem.Deadline.watched(ts)).matches();
        boolean monthFirst;
        if (twelveHour) {
            monthFirst = true;
        } else if (".".equals(m.group(2)) || first > 12) {
            monthFirst = false;
        } else if (second > 12) {
            monthFirst = true;
        } else {
            ctx.note("date '" + date + "' could be day/month or month/day (no 12-hour time says which): left out");
            return null;
        }
        try {
            LocalDate d = monthFirst ? LocalDate.of(year, first, second) : LocalDate.of(year, second, first);
            if (ts == null) {
                return dateOnly(d, ctx);
            }
            LocalTime t = twelveHour ? LocalTime.parse(ts, US_TIME) : LocalTime.parse(ts, H_MM_SS);
            return local(LocalDateTime.of(d, t), ctx);
        } catch (java.time.DateTimeException e) {
            throw new MappingException("date/time '" + date + "' '" + ts + "': " + e.getMessage());
        }
    }

    private static final DateTimeFormatter ASCTIME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("EEE MMM d HH:mm:ss uuuu").toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);

    /**
     * C {@code asctime()} text (FEI TIA's AcquireDate "Thu Mar 22 15:01:02 2012", the day padded with a space): the
     * acquiring PC's local time, zone unknown. A weekday that does not fit the date is an error, not a guess.
     */
    static JsonNode asctimeLocal(List<Value> a, MappingContext ctx) throws MappingException {
        Value v = first(a);
        if (v == null) {
            return null;
        }
        String s = v.asText().strip();
        if (s.length() > 64) {
            throw new MappingException("asctime date of " + s.length() + " characters");
        }
        try {
            return local(LocalDateTime.parse(s.replaceAll(" +", " "), ASCTIME), ctx);
        } catch (DateTimeParseException e) {
            throw new MappingException("date '" + s + "' is not C asctime text (Thu Mar 22 15:01:02 2012)");
        }
    }

    /** TESCAN: "2016-05-16" + "16:03:27" (ISO date, 24 h time), the instrument's local time. */
    static JsonNode isoDateAndTime(List<Value> a, MappingContext ctx) throws MappingException {
        return dateAndTime(a, DateTimeFormatter.ISO_LOCAL_DATE, ctx);
    }

    /**
     * A vendor's date (in its fixed pattern) plus an "H:mm[:ss]" time, as the instrument's local time; a date
     * without a time is left out (see {@link #dateOnly}).
     */
    static JsonNode dateAndTime(List<Value> a, DateTimeFormatter datePattern, MappingContext ctx) throws MappingException {
        if (a.isEmpty() || a.get(0) == null) {
            return null;
        }
        try {
            LocalDate d = LocalDate.parse(a.get(0).asText().strip(), datePattern);
            if (a.size() < 2 || a.get(1) == null) {
                return dateOnly(d, ctx);
            }
            return local(LocalDateTime.of(d, LocalTime.parse(a.get(1).asText().strip(), H_MM_SS)), ctx);
        } catch (DateTimeParseException e) {
            throw new MappingException("date/time '" + a.get(0).asText() + "': " + e.getMessage());
        }
    }

    /** Unix epoch seconds (Velox); "0" or absent means the file does not know. Written in UTC with Z. */
    static JsonNode epochSecondsUtc(List<Value> a, MappingContext ctx) throws MappingException {
        Value v = first(a);
        if (v == null) {
            return null;
        }
        double secs;
        try {
            secs = v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText().strip());
        } catch (NumberFormatException e) {
            throw new MappingException("epoch seconds '" + v.asText() + "' is not a number");
        }
        if (secs <= 0) {
            ctx.note("acquisition time stored as " + v.asText() + " (no time recorded)");
            return null;
        }
        Instant i = Instant.ofEpochSecond((long) secs).truncatedTo(ChronoUnit.SECONDS);
        return JSON.textNode(LOCAL_ISO.format(LocalDateTime.ofInstant(i, ZoneOffset.UTC)) + "Z");
    }

    /** ISO date-time as written; with an offset it is converted to UTC 'Z' (the schema forbids offsets). */
    static JsonNode isoDateTime(List<Value> a, MappingContext ctx) throws MappingException {
        Value v = first(a);
        if (v == null) {
            return null;
        }
        String s = v.asText().strip();
        if (hasOffsetSyntax(s)) {
            try {
                OffsetDateTime odt = OffsetDateTime.parse(s);
                return JSON.textNode(LOCAL_ISO.format(odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime())
                        + "Z");
            } catch (DateTimeParseException e) {
                // a date or time out of range: the local reading below fails the same way
            }
        }
        try {
            return local(LocalDateTime.parse(s), ctx);
        } catch (DateTimeParseException e2) {
            throw new MappingException("date-time '" + s + "' is not ISO-8601");
        }
    }

    /**
     * True when {@code s} is ISO offset date-time text as far as the syntax goes, the one case where
     * {@code OffsetDateTime.parse} can succeed: most files write a local time, and trying the offset form first cost
     * an exception (with its stack trace) per file (issue #15). parseUnresolved reports a syntax error through the
     * position, without throwing.
     */
    private static boolean hasOffsetSyntax(String s) {
        java.text.ParsePosition pos = new java.text.ParsePosition(0);
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parseUnresolved(s, pos) != null && pos.getErrorIndex() < 0
                && pos.getIndex() == s.length();
    }

    /** A date without a time of day: the schema needs a date-time, and inventing 00:00 would be a lie. */
    static JsonNode dateOnly(LocalDate d, MappingContext ctx) {
        ctx.note("only a date is recorded (" + d + "), no time of day: the date-time field is left out");
        return null;
    }

    static JsonNode local(LocalDateTime t, MappingContext ctx) {
        ctx.note("time zone unknown: times are the instrument's local time, written without 'Z'");
        return JSON.textNode(LOCAL_ISO.format(t));
    }

    private static final Pattern AM_PM = Pattern.compile("(?i).*[ap]m$");

    private static final Pattern FIB_PROBE = Pattern.compile(
            "\\s*\\d+(?:\\.\\d+)?\\s*kV\\s*:\\s*(\\d+(?:\\.\\d+)?)\\s*([pnµuμm]?A)\\b.*");

    /**
     * The nominal ion-probe current in a SmartSEM FIB probe name ("30kV:50pA", "30kV:4nA ref"), in amperes; null
     * when the name holds none ("Undefined"). SmartSEM stores no measured FIB probe current; the emission current is
     * not the current on the sample.
     */
    public static Double probeCurrentAmperes(String probeName) {
        if (probeName == null) {
            return null;
        }
        // linear as written (no two quantifiers compete for the same characters); watched all the same
        Matcher m = FIB_PROBE.matcher(io.emmeta.core.problem.Deadline.watched(probeName));
        if (!m.matches()) {
            return null;
        }
        return Units.convert(Double.parseDouble(m.group(1)), m.group(2), "A");
    }

    static JsonNode fibProbeCurrent(List<Value> a, MappingContext ctx) {
        Value v = first(a);
        Double amps = v == null ? null : probeCurrentAmperes(v.asText());
        if (amps == null) {
            return null;
        }
        ObjectNode o = JSON.objectNode();
        o.set("value", Mapper.number(amps));
        o.put("unit", "A");
        return o;
    }

    /**
     * a ÷ b (e.g. a field width over a pixel count), carrying a's unit; the table's unit conversion then applies.
     * Absent or non-numeric inputs, or b = 0, give nothing.
     */
    static JsonNode ratio(List<Value> a, MappingContext ctx) {
        if (a.size() < 2 || a.get(0) == null || a.get(1) == null || !a.get(0).isNumber() || !a.get(1).isNumber()
                || a.get(1).asDouble() == 0) {
            return null;
        }
        ObjectNode o = JSON.objectNode();
        o.put("value", a.get(0).asDouble() / a.get(1).asDouble());
        if (a.get(0).unit() != null) {
            o.put("unit", a.get(0).unit());
        }
        return o;
    }

    /** An index or setting without a physical unit (a spot index), written as the TEM schema asks: unit "N.A.". */
    static JsonNode dimensionless(List<Value> a, MappingContext ctx) throws MappingException {
        Value v = first(a);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            throw new MappingException("'" + v.asText() + "' is not a number");
        }
        ObjectNode o = JSON.objectNode();
        o.set("value", Mapper.number(v.asDouble()));
        o.put("unit", "N.A.");
        return o;
    }

    private static final Pattern RESOLUTION = Pattern.compile("^\\s*(\\d+)\\s*[*xX×]\\s*(\\d+)\\s*$");

    /** "1024 * 768" (Zeiss store resolution) or "1280x960" (Hitachi) into {xPixels, yPixels}. */
    static JsonNode storeResolution(List<Value> a, MappingContext ctx) throws MappingException {
        Value v = first(a);
        if (v == null) {
            return null;
        }
        Matcher m = RESOLUTION.matcher(io.emmeta.core.problem.Deadline.watched(v.asText()));
        if (!m.matches()) {
            throw new MappingException("resolution '" + v.asText() + "' is not 'W * H'");
        }
        ObjectNode o = JSON.objectNode();
        o.put("xPixels", Long.parseLong(m.group(1)));
        o.put("yPixels", Long.parseLong(m.group(2)));
        return o;
    }
}
