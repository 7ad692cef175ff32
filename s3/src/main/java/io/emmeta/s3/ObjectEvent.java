package io.emmeta.s3;

import java.util.Locale;

/**
 * What an S3 event says about the object beyond its key: the event's name ({@code ObjectCreated:Put},
 * {@code ObjectRemoved:DeleteMarkerCreated}, EventBridge's {@code Object Created} / {@code Object Deleted}), the
 * version it names (versioned buckets) and its sequencer, S3's per-key order of PUTs and DELETEs. Any part may be
 * null: the local runner, Batch Operations and older senders give only a name, or nothing.
 */
public record ObjectEvent(String name, String versionId, String sequencer) {

    /** An upload with nothing known about its order (Batch Operations, a caller with only a key). */
    public static final ObjectEvent NONE = new ObjectEvent(null, null, null);

    public ObjectEvent {
        versionId = blankToNull(versionId);
        sequencer = blankToNull(sequencer);
    }

    /** {@code ObjectRemoved:*} (notifications) or {@code Object Deleted} (EventBridge). */
    public boolean isRemoval() {
        return name != null && (name.startsWith("ObjectRemoved") || name.equals("Object Deleted"));
    }

    /** No name (a direct call), {@code ObjectCreated:*} or {@code Object Created}. */
    public boolean isCreation() {
        return name == null || name.startsWith("ObjectCreated") || name.equals("Object Created");
    }

    /** The same event without its order: for another key (sequencers order events of one key only). */
    ObjectEvent forOtherKey() {
        return new ObjectEvent(name, null, null);
    }

    /**
     * S3's rule for sequencers of one key: hexadecimal strings of possibly different lengths, compared
     * lexicographically after right-padding the shorter with zeros. Negative when {@code a} is older than {@code b}.
     */
    public static int compareSequencers(String a, String b) {
        String x = a.toUpperCase(Locale.ROOT);
        String y = b.toUpperCase(Locale.ROOT);
        int n = Math.max(x.length(), y.length());
        return pad(x, n).compareTo(pad(y, n));
    }

    private static String pad(String s, int n) {
        return s.length() >= n ? s : s + "0".repeat(n - s.length());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() || s.equals("null") ? null : s;
    }
}
