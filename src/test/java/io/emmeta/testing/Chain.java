package io.emmeta.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.emmeta.core.Extractor;
import io.emmeta.core.UploadContext;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.source.CachingByteSource;

/** The whole chain over one local file, as the CLI runs it: for tests that assert on the record. */
public final class Chain {
    private static final Extractor EXTRACTOR = Extractor.standard(new ObjectMapper());

    private Chain() {
    }

    public static ExtractionRecord extract(Path p) throws Exception {
        return extract(p, UploadContext.NONE);
    }

    /** With the context an upload (or a prefix's .emmeta.json) would supply. */
    public static ExtractionRecord extract(Path p, UploadContext context) throws Exception {
        try (CachingByteSource src = CachingByteSource.ofFile(p)) {
            return EXTRACTOR.extract(src, SourceInfo.file(p.toString(), Files.size(p)), context).record();
        }
    }
}
