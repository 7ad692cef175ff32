package io.emmeta.core.container.hdf5;

import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;

/** Small helpers to turn jHDF string/uint8 datasets and attributes into text. */
public final class Hdf5Text {
    private Hdf5Text() {
    }

    /** Text of a small string or byte dataset (first element for arrays); null when it is neither or too large. */
    public static String of(Dataset ds) {
        if (ds.getSizeInBytes() > 1 << 20) {
            return null;
        }
        return flatten(ds.getData());
    }

    public static String attribute(Attribute a) {
        return flatten(Hdf5Values.data(a)); // size checked before jHDF allocates
    }

    static String flatten(Object data) {
        if (data == null) {
            return null;
        }
        if (data instanceof String s) {
            return s;
        }
        if (data instanceof byte[] b) {
            int end = 0;
            while (end < b.length && b[end] != 0) {
                end++;
            }
            return new String(b, 0, end, StandardCharsets.UTF_8);
        }
        if (data.getClass().isArray()) {
            if (Array.getLength(data) == 0) {
                return null;
            }
            return flatten(Array.get(data, 0));
        }
        return String.valueOf(data);
    }
}
