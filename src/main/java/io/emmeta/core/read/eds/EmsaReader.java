package io.emmeta.core.read.eds;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.emmeta.core.container.Probe;
import io.emmeta.core.detect.Detection;
import io.emmeta.core.detect.Format;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.text.IniText;
import io.emmeta.core.read.text.LenientNumbers;

/**
 * EMSA/MAS spectral data ({@code .msa}, ISO 22029): the {@code #KEYWORD -unit: value} header up to
 * {@code #SPECTRUM}; the unit after the dash in the keyword ({@code -kV}, {@code -s}, {@code -dg}, {@code -cm}) is
 * attached to the value. Vendor lines ({@code ##…}) are kept under {@code vendor}. The channel data is not read.
 */
public final class EmsaReader implements Reader {

    static final int HEADER_LIMIT = 64 * 1024;
    private static final Pattern LINE = Pattern.compile("^#(#?)([^:]*?)\\s*(?:-(\\w+))?\\s*:\\s?(.*)$");
    private static final Map<String, String> UNITS = Map.of("kV", "kV", "s", "s", "dg", "degree", "cm", "cm",
            "eV", "eV", "nA", "nA", "mm", "mm", "mr", "mrad", "um", "µm");

    @Override
    public Set<Format> formats() {
        return Set.of(Format.EMSA_MSA);
    }

    @Override
    public ReadResult read(Probe probe, Detection detection) throws IOException, ExtractionException {
        int n = (int) Math.min(probe.size(), HEADER_LIMIT);
        String text = IniText.decode(probe.source().readFully(0, n)).text();
        MetadataTree t = new MetadataTree();
        List<Problem> warnings = new ArrayList<>();
        for (String raw : text.split("\\r?\\n|\\r")) {
            if (!raw.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(raw.strip());
            if (!m.matches()) {
                continue;
            }
            String key = m.group(2).strip();
            if (key.equalsIgnoreCase("SPECTRUM")) {
                break;
            }
            String value = m.group(4).strip();
            if (key.isEmpty() || value.isEmpty()) {
                continue;
            }
            String unit = m.group(3) == null ? null : UNITS.getOrDefault(m.group(3), m.group(3));
            Number num = LenientNumbers.parse(value);
            Value v = num == null ? Value.text(value) : num instanceof Long l ? new Value(l, unit, null)
                    : new Value(num.doubleValue(), unit, null);
            (m.group(1).isEmpty() ? t : t.section("vendor")).add(key.replace('/', '-'), v);
        }
        if (t.get("FORMAT") == null) {
            throw new ExtractionException(ErrorCode.MALFORMED_TEXT, "no #FORMAT line in the EMSA header");
        }
        return ReadResult.of(t, warnings);
    }
}
