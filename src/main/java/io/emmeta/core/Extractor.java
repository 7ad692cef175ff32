package io.emmeta.core;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.emmeta.core.container.Probe;
import io.emmeta.core.detect.Detection;
import io.emmeta.core.detect.Format;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.detect.FormatDetector;
import io.emmeta.core.map.Mapper;
import io.emmeta.core.map.MappingTable;
import io.emmeta.core.map.SchemaValidator;
import io.emmeta.core.map.SchemaValidator.TargetSchema;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.DetectedInfo;
import io.emmeta.core.output.ExtractionRecord.Provenance;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.Status;
import io.emmeta.core.output.TreeJson;
import io.emmeta.core.output.ValidationReport;
import io.emmeta.core.problem.Budget;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.problem.ExtractionException;
import io.emmeta.core.problem.Notices;
import io.emmeta.core.problem.Problem;
import io.emmeta.core.read.ReadResult;
import io.emmeta.core.read.Reader;
import io.emmeta.core.read.ReaderRegistry;
import io.emmeta.core.source.ByteSource;

/**
 * The chain: source → detection → reader → mapping → validation → record. Framework-free, so the Lambda, the CLI
 * and the tests run the same code. Never throws for bad input: every outcome is a record with a status.
 */
public final class Extractor {

    public static final String NAME = "emmeta";
    public static final String VERSION = "0.1.0";

    /** The original tree kept in a record: at most this many values (real files: a few thousand) … */
    public static final int MAX_ORIGINAL_VALUES = 50_000;
    /** … and this many characters of names and text; the rest is dropped with a TOO_LARGE warning. */
    public static final long MAX_ORIGINAL_CHARS = 2L * 1024 * 1024;
    /** Warnings listed in full per code; beyond, one line per code says how many more there were. */
    public static final int MAX_WARNINGS_PER_CODE = 200;

    private final ObjectMapper json;
    private final FormatDetector detector;
    private final ReaderRegistry readers;
    private final Mapper mapper;
    private final SchemaValidator validator;

    public Extractor(ObjectMapper json, FormatDetector detector, ReaderRegistry readers, Mapper mapper,
            SchemaValidator validator) {
        this.json = json;
        this.detector = detector;
        this.readers = readers;
        this.mapper = mapper;
        this.validator = validator;
    }

    /** The standard chain with every reader we ship. */
    public static Extractor standard(ObjectMapper json) {
        return standard(json, java.util.Set.of());
    }

    /**
     * The standard chain without the readers of the given format ids (files of those formats then get an
     * {@code unsupported} record naming what was detected).
     */
    public static Extractor standard(ObjectMapper json, java.util.Set<String> disabledFormats) {
        List<Reader> enabled = Readers.all().stream()
                .filter(r -> r.formats().stream().noneMatch(f -> disabledFormats.contains(f.id()))).toList();
        return new Extractor(json, new FormatDetector(), new ReaderRegistry(enabled), Mapper.fromClasspath(json),
                new SchemaValidator(json));
    }

    /** What one extraction produced: the record, and the schema document when there is one. */
    public record Result(ExtractionRecord record, JsonNode document) {
        public Status status() {
            return record.status();
        }
    }

    /**
     * A record for a file that ended before or outside the chain (time limit passed, file unreadable): status error,
     * one typed problem, no detection, what was read so far.
     */
    public static Result failed(SourceInfo info, ErrorCode code, String message, long bytesRead, long requests,
            long durationMs) {
        ExtractionRecord rec = new ExtractionRecord(info, null, Status.ERROR, List.of(new Problem(code, message)),
                List.of(), List.of(), null, null, null, null, new Provenance(NAME, VERSION,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), bytesRead, requests, durationMs));
        return new Result(rec, null);
    }

    public Result extract(ByteSource source, SourceInfo info, UploadContext context) {
        return extract(source, info, context, null, null);
    }

    /** The sidecar formats that complete an image written without its own vendor metadata. */
    private static final java.util.Set<Format> SIDECARS = java.util.EnumSet.of(Format.JEOL_SEM_SIDECAR,
            Format.HITACHI_SIDECAR, Format.TESCAN_HDR, Format.DIRECTELECTRON_INFO);

    /**
     * Images whose own mapping is thin and whose sidecar holds the acquisition: an MRC maps only its pixel size, the
     * DirectElectron info file beside it everything else (the MRC's facts stay reachable as image/...).
     */
    private static final java.util.Set<Format> COMPLETED_BY_SIDECAR = java.util.EnumSet.of(Format.MRC);

    /** True for a record of a sidecar read on its own (its image has not arrived): only the record is written. */
    public static boolean isLoneSidecar(ExtractionRecord rec) {
        return rec.detected() != null && rec.source().sidecar() == null
                && SIDECARS.stream().anyMatch(f -> f.id().equals(rec.detected().format()));
    }

    /**
     * An image with a possible companion sidecar ({@code image000.tif} + {@code image000.txt}). When the image has no
     * schema mapping of its own and the companion is a known sidecar, the sidecar's metadata is mapped, the image's
     * own tree is kept beside it (and can fill what the sidecar lacks, like the pixel count), and the record names both
     * objects. Otherwise the companion is ignored, with a note.
     */
    public Result extract(ByteSource source, SourceInfo info, UploadContext context, ByteSource companion,
            SourceInfo companionInfo) {
        long start = System.nanoTime();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Detection detection = null;
        List<Problem> errors = new ArrayList<>();
        List<Problem> warnings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Status status;
        JsonNode original = null;
        ObjectNode document = null;
        ValidationReport validation = null;
        String schemaLabel = null;
        // one memory budget per file (see Budget), held by this thread while the file is read
        try (Budget.Scope budget = Budget.open(); Notices.Scope notices = Notices.open();
                Probe probe = new Probe(source, info.name())) {
            detection = detector.detect(probe);
            Reader reader = readers.forFormat(detection.format());
            if (detection.format() == Format.EMPTY) {
                // nothing to read is a property of the object, not a format we lack: say so with its own code
                status = Status.ERROR;
                errors.add(new Problem(ErrorCode.EMPTY, "the object is 0 bytes"));
            } else if (reader == null) {
                status = Status.UNSUPPORTED;
                errors.add(new Problem(ErrorCode.UNSUPPORTED_FORMAT, "detected " + describe(detection)
                        + "; no reader for it yet"));
            } else {
                ReadResult read = reader.read(probe, detection);
                warnings.addAll(read.warnings());
                warnings.addAll(notices.drain());
                MappingTable table = mapper.tableFor(read.tableKey(detection.format().id()));
                if (companion != null && table != null && !COMPLETED_BY_SIDECAR.contains(detection.format())) {
                    notes.add("companion " + companionInfo.name() + " not needed: the image carries its own metadata");
                } else if (companion != null) {
                    Paired paired = pair(read, companion, companionInfo, notes);
                    if (paired != null) {
                        info = info.withSidecar(companionInfo.name());
                        read = paired.read();
                        warnings.addAll(paired.read().warnings());
                        warnings.addAll(notices.drain());
                        table = mapper.tableFor(paired.detection().format().id());
                        detection = new Detection(paired.detection().format(), detection.container(),
                                concat(paired.detection().evidence(), "paired with image " + info.name() + ": "
                                        + String.join("; ", detection.evidence())));
                    }
                }
                long dropped = read.original().droppedInTree();
                if (dropped > 0) {
                    warnings.add(new Problem(ErrorCode.TOO_LARGE, dropped + " more entries dropped: a section of the"
                            + " original tree keeps at most " + MetadataTree.MAX_ENTRIES + " entries"));
                }
                original = original(read.original(), warnings);
                if (table == null) {
                    status = Status.PARTIAL;
                    warnings.add(new Problem(ErrorCode.MAPPING, "no mapping table for " + read.tableKey(detection.format().id())
                            + ": the original tree is complete, the schema document is not written"));
                } else {
                    Mapper.Result mapped = mapper.map(table, read.primary(), read.original());
                    warnings.addAll(mapped.problems());
                    notes.addAll(mapped.notes());
                    TargetSchema target = TargetSchema.valueOf(table.schema());
                    document = mapped.document();
                    applyContext(document, target, info, context, notes);
                    validation = validator.validate(target, document);
                    schemaLabel = validation.schema();
                    status = validation.valid() && warnings.isEmpty() ? Status.OK : Status.PARTIAL;
                    if (!validation.valid()) {
                        notes.add(validation.errors().size() + " schema error(s)"
                                + (validation.missingContext().isEmpty() ? ""
                                        : "; context the file cannot hold is missing: "
                                                + String.join(", ", validation.missingContext())
                                                + " (supply it as x-amz-meta-emmeta-* upload metadata or in a"
                                                + " .emmeta.json context document)"));
                    }
                }
            }
        } catch (OutOfMemoryError e) {
            // One allocation sized by the file (a parser trusting a declared length) failed; the heap is intact, since
            // the array was never made. A record beats a crashed invocation that the trigger would retry forever.
            status = Status.ERROR;
            errors.add(new Problem(ErrorCode.TOO_LARGE, "the file declares a structure larger than the memory available: "
                    + e.getMessage()));
        } catch (Throwable e) {
            // A typed record in every case, never a crashed batch: the store's faults first (whatever parser was
            // reading when the store failed), then content errors, a passed deadline, then our own bugs and any
            // Error (a class missing from the package, a stack overflow) as INTERNAL naming it. Nothing escapes:
            // one file's failure never takes the run's later files with it.
            status = Status.ERROR;
            errors.add(Failures.classify(e));
        }
        if (Thread.currentThread().isInterrupted() && errors.stream().noneMatch(p -> p.code() == ErrorCode.TIMEOUT)) {
            // the deadline passed while this file was read: whatever a parser made of it (a swallowed interrupt, a
            // partial tree), the record says TIMEOUT, as the caller that gave up waiting expects
            status = Status.ERROR;
            errors.add(0, new Problem(ErrorCode.TIMEOUT, new io.emmeta.core.problem.Deadline.Expired().getMessage()));
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        DetectedInfo detected = detection == null ? null
                : new DetectedInfo(detection.format().id(), detection.vendor(), detection.technique().name(),
                        detection.container(), detection.evidence());
        Provenance provenance = new Provenance(NAME, VERSION, at.toString(), source.stats().bytesRead(),
                source.stats().requests(), ms);
        ExtractionRecord record = new ExtractionRecord(info, detected, status, errors, capped(warnings), notes, schemaLabel,
                document, validation, original, provenance);
        return new Result(record, document);
    }

    /** The warnings with at most {@link #MAX_WARNINGS_PER_CODE} per code, then one per code with the count left out. */
    static List<Problem> capped(List<Problem> warnings) {
        java.util.Map<ErrorCode, Integer> seen = new java.util.EnumMap<>(ErrorCode.class);
        List<Problem> out = new ArrayList<>();
        for (Problem p : warnings) {
            if (seen.merge(p.code(), 1, Integer::sum) <= MAX_WARNINGS_PER_CODE) {
                out.add(p);
            }
        }
        seen.forEach((code, n) -> {
            if (n > MAX_WARNINGS_PER_CODE) {
                out.add(new Problem(code, (n - MAX_WARNINGS_PER_CODE) + " more " + code + " warnings (" + n
                        + " in all) not listed"));
            }
        });
        return out.size() == warnings.size() ? warnings : out;
    }

    /** The original tree as JSON, bounded (see {@link #MAX_ORIGINAL_VALUES}); a warning says what was dropped. */
    static JsonNode original(MetadataTree tree, List<Problem> warnings) {
        TreeJson.Bounded b = TreeJson.toJson(tree, MAX_ORIGINAL_VALUES, MAX_ORIGINAL_CHARS);
        if (!b.complete()) {
            warnings.add(new Problem(ErrorCode.TOO_LARGE, "the original tree is larger than a record keeps ("
                    + MAX_ORIGINAL_VALUES + " values, " + Budget.mb(MAX_ORIGINAL_CHARS) + " of names and text): "
                    + b.valuesKept() + " values kept, " + b.valuesDropped() + " values (" + b.sectionsDropped()
                    + " sections) dropped from '" + b.firstDropped() + "' on"));
        }
        return b.json();
    }

    private record Paired(Detection detection, ReadResult read) {
    }

    /** Reads the companion; null (with a note) when it is not a sidecar we can map. */
    private Paired pair(ReadResult image, ByteSource companion, SourceInfo companionInfo, List<String> notes)
            throws IOException, ExtractionException {
        try (Probe probe = new Probe(companion, companionInfo.name())) {
            Detection d = detector.detect(probe);
            Reader r = readers.forFormat(d.format());
            if (!SIDECARS.contains(d.format()) || r == null || mapper.tableFor(d.format().id()) == null) {
                notes.add("companion " + companionInfo.name() + " is " + d.format().id() + ", not a sidecar: ignored");
                return null;
            }
            ReadResult side = r.read(probe, d);
            MetadataTree original = new MetadataTree();
            original.put("sidecar", side.original());
            original.put("image", image.original());
            // the image's own facts (pixel count, resolution) are reachable from the sidecar's table as image/...
            side.primary().put("image", image.original());
            notes.add("metadata from the sidecar " + companionInfo.name() + "; the image's own tags under original.image");
            return new Paired(d, new ReadResult(original, side.primary(), side.warnings()));
        }
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }

    private static String describe(Detection d) {
        return d.format().id() + (d.vendor() == null ? "" : " (" + d.vendor() + ")");
    }

    /** Context from the upload: written where given, never defaulted. The title falls back to the object's name. */
    private static void applyContext(ObjectNode doc, TargetSchema target, SourceInfo info, UploadContext ctx,
            List<String> notes) {
        ObjectNode root = target == TargetSchema.SEM ? doc.withObject("/entry") : doc;
        if (ctx.title() != null) {
            root.put("title", ctx.title());
        } else if (!root.has("title") && info.name() != null) {
            String n = info.name();
            root.put("title", n.substring(n.lastIndexOf('/') + 1));
        }
        if (ctx.technique() != null) {
            root.put("technique", ctx.technique());
        }
        if (ctx.measurementPurpose() != null) {
            root.put("measurementPurpose", ctx.measurementPurpose());
        }
        if (ctx.userName() != null) {
            root.withObject("/user").put("userName", ctx.userName());
        }
        if (ctx.parentReference() != null) {
            ArrayNode parents = root.putArray("parents");
            ObjectNode p = parents.addObject();
            p.put("parentType", "sample");
            String ref = ctx.parentReference();
            p.put("parentReferenceType", ref.startsWith("http://") || ref.startsWith("https://") ? "external URL"
                    : "plain text");
            p.put("parentReference", ref);
        }
        if (ctx != UploadContext.NONE && (ctx.technique() != null || ctx.measurementPurpose() != null
                || ctx.userName() != null || ctx.parentReference() != null)) {
            notes.add("context fields taken from the upload's metadata");
        }
        // what the facility states about the instrument: fills only what the file left absent
        List<String> filled = UploadContext.fillAbsent(doc, target == TargetSchema.SEM ? ctx.sem() : ctx.tem());
        if (!filled.isEmpty()) {
            notes.add("from the context document (the file does not hold them): " + String.join(", ", filled));
        }
    }

    public ObjectMapper json() {
        return json;
    }
}
