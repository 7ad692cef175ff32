package io.emmeta.core.map;

import java.util.ArrayList;
import java.util.List;

import io.emmeta.core.model.MetadataTree;

/** What a converter may look at besides its arguments, and where it leaves notes for the record. */
public final class MappingContext {
    private final MetadataTree primary;
    private final MetadataTree original;
    private final List<String> notes = new ArrayList<>();

    public MappingContext(MetadataTree primary, MetadataTree original) {
        this.primary = primary;
        this.original = original;
    }

    public MetadataTree primary() {
        return primary;
    }

    public MetadataTree original() {
        return original;
    }

    /** A remark that goes into the record (e.g. "endTime: time zone unknown, written as local time"). */
    public void note(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    public List<String> notes() {
        return notes;
    }
}
