package io.emmeta.core.container.hdf5;

import java.lang.reflect.Array;

import io.emmeta.core.model.Value;
import io.emmeta.core.problem.Budget;
import io.jhdf.api.Attribute;

/** HDF5 attribute and small-dataset values as typed {@link Value}s: scalars typed, short arrays as text. */
public final class Hdf5Values {

    /** An attribute larger than this is described, not read: metadata attributes are bytes to kilobytes. */
    public static final long MAX_ATTRIBUTE = 4L * 1024 * 1024;

    private Hdf5Values() {
    }

    /**
     * An attribute's data, read only when its declared size is below {@link #MAX_ATTRIBUTE} and fits the extraction's
     * {@link Budget}; otherwise a text saying what was not read (jHDF would allocate the declared size at once).
     */
    public static Object data(Attribute a) {
        long bytes;
        try {
            bytes = a.getSizeInBytes();
        } catch (RuntimeException e) {
            Hdf5Container.rethrowIfReadEnded(e);
            return a.getData(); // a type whose size jHDF cannot tell beforehand: as before
        }
        if (bytes > MAX_ATTRIBUTE || !Budget.current().tryBytes(Math.max(0, bytes))) {
            return "(attribute of " + bytes + " bytes declared, not read: over "
                    + (bytes > MAX_ATTRIBUTE ? Budget.mb(MAX_ATTRIBUTE) + " per attribute" : "the extraction's budget")
                    + ")";
        }
        return a.getData();
    }

    /** A value (numbers and booleans typed, arrays of up to 32 elements as text), or null when empty. */
    public static Value value(Object data, String unit) {
        if (data == null) {
            return null;
        }
        if (data.getClass().isArray()) {
            int len = Array.getLength(data);
            if (len == 0) {
                return null;
            }
            if (len == 1) {
                return value(Array.get(data, 0), unit);
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < Math.min(len, 32); i++) {
                Object x = Array.get(data, i);
                sb.append(i == 0 ? "" : " ").append(x != null && x.getClass().isArray() ? "[…]" : x);
            }
            return Value.text(sb + (len > 32 ? " …" : ""));
        }
        if (data instanceof Number n) {
            return n instanceof Double || n instanceof Float ? new Value(n.doubleValue(), unit, null)
                    : new Value(n.longValue(), unit, null);
        }
        if (data instanceof Boolean b) {
            return new Value(b, null, null);
        }
        String s = text(data);
        return s == null ? null : Value.text(s);
    }

    /** The first element's text, or null when empty. */
    public static String text(Object data) {
        if (data == null) {
            return null;
        }
        if (data.getClass().isArray()) {
            return Array.getLength(data) == 0 ? null : text(Array.get(data, 0));
        }
        String s = String.valueOf(data).strip();
        return s.isEmpty() ? null : s;
    }
}
