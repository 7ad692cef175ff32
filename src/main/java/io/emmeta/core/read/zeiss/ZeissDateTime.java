package io.emmeta.core.read.zeiss;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SmartSEM's AP_DATE ("23 Dec 2015", "3 May 2023": day not padded, English month abbreviation) and AP_TIME
 * ("9:40:32", hour not padded) joined into {@code yyyy-MM-ddTHH:mm:ss}. SmartSEM records no time zone, so no
 * {@code Z} is written. Parsed by hand rather than with a locale-dependent DateTimeFormatter: the JDK's English
 * short month for September differs between locale providers ("Sep" vs "Sept").
 *
 * <p>This is the semantics of the mapping converter {@code zeissDateTime}.
 */
public final class ZeissDateTime {

    private static final Pattern DATE = Pattern.compile("(\\d{1,2})\\s*[ -]\\s*([A-Za-z]{3,9})\\.?\\s*[ -]\\s*(\\d{4})");
    private static final Pattern TIME = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?");
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
        "nov", "dec"};

    private ZeissDateTime() {
    }

    /** The ISO local date-time, or null when either part does not parse or names an impossible date. */
    public static String toIsoLocal(String date, String time) {
        if (date == null || time == null) {
            return null;
        }
        Matcher d = DATE.matcher(date.strip());
        Matcher t = TIME.matcher(time.strip());
        if (!d.matches() || !t.matches()) {
            return null;
        }
        int month = month(d.group(2));
        if (month < 1) {
            return null;
        }
        try {
            LocalDateTime ldt = LocalDateTime.of(Integer.parseInt(d.group(3)), month, Integer.parseInt(d.group(1)),
                    Integer.parseInt(t.group(1)), Integer.parseInt(t.group(2)),
                    t.group(3) == null ? 0 : Integer.parseInt(t.group(3)));
            return String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d", ldt.getYear(), ldt.getMonthValue(),
                    ldt.getDayOfMonth(), ldt.getHour(), ldt.getMinute(), ldt.getSecond());
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int month(String name) {
        String p = name.substring(0, 3).toLowerCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].equals(p)) {
                return i + 1;
            }
        }
        return -1;
    }
}
