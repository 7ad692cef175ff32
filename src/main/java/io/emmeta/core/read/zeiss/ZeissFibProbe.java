package io.emmeta.core.read.zeiss;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nominal ion-probe current in a SmartSEM FIB probe name: DP_FIB_PROBE "30kV:50pA", "30kV:4nA", "30kV:50pA ref".
 * SmartSEM stores no analogue FIB probe current; "FIB Emission I" (AP_FIB_EMISSION_CURRENT) is the source emission,
 * which is not the current on the sample, just as AP_BEAM_CURRENT is not for the electron beam.
 *
 * <p>This is the semantics of the mapping converter {@code zeissFibProbeCurrent}: the current in amperes, written
 * as {"value": n, "unit": "A"}; a name without a current ("Undefined") gives nothing.
 */
public final class ZeissFibProbe {

    private static final Pattern PROBE = Pattern.compile("\\s*\\d+(?:\\.\\d+)?\\s*kV\\s*:\\s*(\\d+(?:\\.\\d+)?)\\s*([pnµuμm]?)A\\b.*");

    private ZeissFibProbe() {
    }

    /** The probe current in amperes, or null. */
    public static Double currentAmperes(String probeName) {
        if (probeName == null) {
            return null;
        }
        Matcher m = PROBE.matcher(probeName);
        if (!m.matches()) {
            return null;
        }
        double v = Double.parseDouble(m.group(1));
        switch (m.group(2)) {
            case "p": return v * 1e-12;
            case "n": return v * 1e-9;
            case "µ", "u", "μ": return v * 1e-6;
            case "m": return v * 1e-3;
            default: return v;
        }
    }
}
