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
import io.emmeta.core.detect.FormatDetector;
import io.emmeta.core.format.Detection;
import io.emmeta.core.format.NamedFormats;
import io.emmeta.core.map.Mapper;
import io.emmeta.core.map.MappingTable;
import io.emmeta.core.map.SchemaValidator;
import io.emmeta.core.map.SchemaValidator.TargetSchema;
import io.emmeta.core.model.ImageRef;
import io.emmeta.core.model.SpectrumRef;
import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.output.ExtractionRecord.PreviewInfo;
import io.emmeta.core.preview.PixelSize;
import io.emmeta.core.preview.Preview;
import io.emmeta.core.preview.Previews;
import io.emmeta.core.preview.SpectrumPlot;
import io.emmeta.core.map.ValidationReport;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.DetectedInfo;
import io.emmeta.core.output.ExtractionRecord.Provenance;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.Status;
import io.emmeta.core.output.TreeJson;
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
    /** What the HDF5 readers walk, prefetched when an HDF5 file is opened for detection (issue #15). */
    private final io.emmeta.core.container.hdf5.Hdf5Prefetch.Plan hdf5Walk;

    public Extractor(ObjectMapper json, FormatDetector detector, ReaderRegistry readers, Mapper mapper,
            SchemaValidator validator) {
        this.json = json;
        this.detector = detector;
        this.readers = readers;
        this.mapper = mapper;
        this.validator = validator;
        io.emmeta.core.container.hdf5.Hdf5Prefetch.Plan walk = io.emmeta.core.container.hdf5.Hdf5Prefetch.ROOT;
        for (Reader r : readers.readers()) {
            walk = io.emmeta.core.container.hdf5.Hdf5Prefetch.union(walk, r.hdf5Walk());
        }
        this.hdf5Walk = walk;
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
        // The registry's readers (stateless after construction) and the shared tables and schemas: built once per
        // process (in the native image, at build time), not once per chain.
        ReaderRegistry all = Readers.registry();
        ReaderRegistry enabled = disabledFormats.isEmpty() ? all : new ReaderRegistry(all.readers().stream()
                .filter(r -> r.formats().stream().noneMatch(f -> disabledFormats.contains(f.id()))).toList());
        // detection still asks every reader's sniff, so a disabled format's file is named in its unsupported record
        return new Extractor(json, new FormatDetector(all), enabled, StandardChainData.MAPPER,
                StandardChainData.VALIDATOR);
    }

    /**
     * What one extraction produced: the record, the schema document when there is one, and the preview picture when
     * one was asked for (the upload's context wants it) and could be made.
     */
    public record Result(ExtractionRecord record, JsonNode document, Preview preview) {
        public Result(ExtractionRecord record, JsonNode document) {
            this(record, document, null);
        }

        public Status status() {
            return record.status();
        }
    }

    /**
     * A record for a file that ended before or outside the chain (time limit passed, file unreadable): status error,
     * one typed problem, no detection, what was read so far.
     */
    public static Result failed(SourceInfo info, ErrorCode code, String message, long bytesRead, long requests,
            double durationMs) {
        ExtractionRecord rec = new ExtractionRecord(info, null, Status.ERROR, List.of(new Problem(code, message)),
                List.of(), List.of(), null, null, null, null, new Provenance(NAME, VERSION,
                        Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), bytesRead, requests, durationMs));
        return new Result(rec, null);
    }

    public Result extract(ByteSource source, SourceInfo info, UploadContext context) {
        return extract(source, info, context, null, null);
    }

    /** Ids of the sidecar formats (declared by their readers) that complete an image without its own metadata. */
    private static final java.util.Set<String> SIDECARS = Readers.registry().sidecarRules().stream()
            .map(r -> r.sidecar().id()).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /**
     * Ids of images whose own mapping is thin and whose sidecar holds the acquisition: an MRC maps only its pixel
     * size, the DirectElectron info file beside it everything else (the MRC's facts stay reachable as image/...).
     */
    private static final java.util.Set<String> COMPLETED_BY_SIDECAR = Readers.registry().sidecarRules().stream()
            .flatMap(r -> r.completes().stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /**
     * True for a record of a sidecar read on its own (its image has not arrived): only the record is written. A file
     * of a sidecar format whose name no image could pair with (a SerialEM autodoc not named after an image, such as a
     * montage's {@code tilt_series.mdoc}) is no lone half: its own document is written.
     */
    public static boolean isLoneSidecar(ExtractionRecord rec) {
        if (rec.detected() == null || rec.source().sidecar() != null || !SIDECARS.contains(rec.detected().format())) {
            return false;
        }
        String name = rec.source().name();
        return name == null || SidecarNames.isSidecarName(name);
    }

    /** What one extraction has found so far; each step of {@link #extract} adds to it. */
    private static final class Run {
        SourceInfo info;
        Detection detection;
        final List<Problem> errors = new ArrayList<>();
        final List<Problem> warnings = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        Status status;
        JsonNode original;
        ObjectNode document;
        ValidationReport validation;
        String schemaLabel;
        Preview preview;
        PreviewInfo previewInfo;
        /** Bytes and requests the preview step fetched: reported with the preview, not in the provenance. */
        long previewBytes;
        long previewRequests;

        Run(SourceInfo info) {
            this.info = info;
        }

        void fail(Problem p) {
            status = Status.ERROR;
            errors.add(p);
        }
    }

    /** A read vendor tree and the mapping table for it (null when the format has none). */
    private record Read(ReadResult result, MappingTable table) {
    }

    /**
     * An image with a possible companion sidecar ({@code image000.tif} + {@code image000.txt}). When the image has no
     * schema mapping of its own and the companion is a known sidecar, the sidecar's metadata is mapped, the image's
     * own tree is kept beside it (and can fill what the sidecar lacks, like the pixel count), and the record names both
     * objects. Otherwise the companion is ignored, with a note.
     *
     * <p>The steps: detect, read (or say why not), pair with the companion, keep the original tree, map and validate,
     * then the record. Every failure on the way ends as a typed problem in the record.
     */
    public Result extract(ByteSource source, SourceInfo info, UploadContext context, ByteSource companion,
            SourceInfo companionInfo) {
        long start = System.nanoTime();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Run run = new Run(info);
        // one memory budget per file (see Budget), held by this thread while the file is read
        try (Budget.Scope budget = Budget.open(); Notices.Scope notices = Notices.open();
                Probe probe = new Probe(source, info.name()).hdf5Walk(hdf5Walk)) {
            run.detection = detector.detect(probe);
            Read read = read(run, probe, notices);
            if (read != null) {
                ImageRef image = read.result().image(); // the image's, also when a sidecar's metadata replaces it
                ImageRef thumbnail = read.result().thumbnail();
                ByteSource thumbnailBytes = read.result().thumbnailBytes();
                SpectrumRef spectrum = read.result().spectrum();
                read = pairWithCompanion(run, read, notices, companion, companionInfo);
                keepOriginal(run, read.result());
                mapAndValidate(run, read, context);
                // a file holding both (a DM spectrum image) shows its sum spectrum when that is affordable, and
                // its image otherwise: plotting it would read the whole data cube
                if (context.wantsPreview() && spectrum != null
                        && (image == null || SpectrumPlot.affordable(spectrum, source.size()))) {
                    preview(run, source, () -> SpectrumPlot.plot(source, spectrum));
                } else if (context.wantsPreview() && thumbnail != null) {
                    embedded(run, source, thumbnailBytes != null ? thumbnailBytes : source, image, thumbnail);
                } else if (context.wantsPreview() && image != null) {
                    preview(run, source, image);
                }
            }
        } catch (OutOfMemoryError e) {
            // One allocation sized by the file (a parser trusting a declared length) failed; the heap is intact, since
            // the array was never made. A record beats a crashed invocation that the trigger would retry forever.
            run.fail(new Problem(ErrorCode.TOO_LARGE, "the file declares a structure larger than the memory available: "
                    + e.getMessage()));
        } catch (Throwable e) {
            // A typed record in every case, never a crashed batch: the store's faults first (whatever parser was
            // reading when the store failed), then content errors, a passed deadline, then our own bugs and any
            // Error (a class missing from the package, a stack overflow) as INTERNAL naming it. Nothing escapes:
            // one file's failure never takes the run's later files with it.
            run.fail(Failures.classify(e));
        }
        if (Thread.currentThread().isInterrupted() && run.errors.stream().noneMatch(p -> p.code() == ErrorCode.TIMEOUT)) {
            // the deadline passed while this file was read: whatever a parser made of it (a swallowed interrupt, a
            // partial tree), the record says TIMEOUT, as the caller that gave up waiting expects
            run.status = Status.ERROR;
            run.errors.add(0, new Problem(ErrorCode.TIMEOUT, new io.emmeta.core.problem.Deadline.Expired().getMessage()));
        }
        return new Result(record(run, source, at, millis(System.nanoTime() - start)), run.document, run.preview);
    }

    /**
     * The preview of the located image, with the scale bar from the mapped pixel size (or the derived one of a
     * file without a document). Its problems are warnings
     * ("preview: …", typed) and leave the metadata's status as it is: a file whose pixels cannot be shown is still
     * described.
     */
    private static void preview(Run run, ByteSource source, ImageRef image) {
        preview(run, source, () -> Previews.image(source, image, PixelSize.metres(run.document, run.original)));
    }

    /**
     * The file's own downscaled copy of the image, with the scale bar of the image's pixel size scaled to it; when
     * that copy cannot be read, the image decoded (the copy's warning kept). The copy's bytes are {@code bytes}: the
     * object's, or an archive's image the reader holds decompressed (then the preview reads nothing from the object,
     * and the bytes counted are the object's alone).
     */
    private static void embedded(Run run, ByteSource source, ByteSource bytes, ImageRef image, ImageRef thumbnail) {
        Double pixel = PixelSize.metres(run.document, run.original);
        // (no ternary: its double branch would unbox a null pixel size)
        Double thumbPixel = pixel != null && image != null ? Double.valueOf(pixel * image.width() / thumbnail.width())
                : pixel;
        preview(run, source, () -> Previews.embedded(bytes, thumbnail, thumbPixel));
        if (run.preview == null && image != null) {
            preview(run, source, image);
        }
    }

    /** How a preview is made (an image sampled, a spectrum plotted); its faults are the caller's warnings. */
    private interface Render {
        Preview make() throws IOException, ExtractionException;
    }

    private static void preview(Run run, ByteSource source, Render render) {
        long t0 = System.nanoTime();
        long bytes0 = source.stats().bytesRead();
        long requests0 = source.stats().requests();
        try {
            Preview p = render.make();
            run.preview = p;
            run.previewInfo = new PreviewInfo(null, p.source(), p.width(), p.height(), p.png().length, p.scaleBar(),
                    source.stats().bytesRead() - bytes0, millis(System.nanoTime() - t0));
        } catch (ExtractionException e) {
            run.warnings.add(new Problem(e.code(), e.getMessage().startsWith("preview") ? e.getMessage()
                    : "preview: " + e.getMessage()));
        } catch (io.emmeta.core.source.RefusedReadException e) {
            run.warnings.add(new Problem(e.code(), "preview: " + e.getMessage()));
        } catch (IOException e) {
            run.warnings.add(new Problem(ErrorCode.SOURCE_UNAVAILABLE, "preview: " + e.getMessage()));
        } catch (RuntimeException e) {
            // the deadline ends the whole extraction; any other fault of ours costs the preview, never the record
            io.emmeta.core.problem.Deadline.rethrowIfExpired(e);
            run.warnings.add(new Problem(ErrorCode.INTERNAL, "preview: " + e));
        } catch (OutOfMemoryError e) {
            run.warnings.add(new Problem(ErrorCode.TOO_LARGE, "preview: not enough memory: " + e.getMessage()));
        } finally {
            run.previewBytes += source.stats().bytesRead() - bytes0; // a fallback after an embedded copy adds to it
            run.previewRequests += source.stats().requests() - requests0;
        }
    }

    /** The detected format's reading, or null (with the run's error set) when there is nothing to read or no reader. */
    private Read read(Run run, Probe probe, Notices.Scope notices) throws IOException, ExtractionException {
        Detection detection = run.detection;
        if (detection.format().equals(NamedFormats.EMPTY)) {
            // nothing to read is a property of the object, not a format we lack: say so with its own code
            run.fail(new Problem(ErrorCode.EMPTY, "the object is 0 bytes"));
            return null;
        }
        Reader reader = readers.forFormat(detection.format());
        if (reader == null) {
            run.status = Status.UNSUPPORTED;
            run.errors.add(new Problem(ErrorCode.UNSUPPORTED_FORMAT, "detected " + describe(detection)
                    + "; no reader for it yet"));
            return null;
        }
        ReadResult read = reader.read(probe, detection);
        run.warnings.addAll(read.warnings());
        run.warnings.addAll(notices.drain());
        return new Read(read, mapper.tableFor(read.tableKey(detection.format().id())));
    }

    /**
     * The companion's reading in place of the image's when the image needs it (no table of its own, or one its sidecar
     * completes); the image's reading otherwise, with a note saying why the companion was left.
     */
    private Read pairWithCompanion(Run run, Read image, Notices.Scope notices, ByteSource companion,
            SourceInfo companionInfo) throws IOException, ExtractionException {
        if (companion == null) {
            return image;
        }
        if (image.table() != null && !COMPLETED_BY_SIDECAR.contains(run.detection.format().id())) {
            run.notes.add("companion " + companionInfo.name() + " not needed: the image carries its own metadata");
            return image;
        }
        Paired paired = pair(image.result(), companion, companionInfo, run.notes);
        if (paired == null) {
            return image;
        }
        run.info = run.info.withSidecar(companionInfo.name());
        run.warnings.addAll(paired.read().warnings());
        run.warnings.addAll(notices.drain());
        run.detection = new Detection(paired.detection().format(), run.detection.container(),
                concat(paired.detection().evidence(), "paired with image " + run.info.name() + ": "
                        + String.join("; ", run.detection.evidence())));
        return new Read(paired.read(), mapper.tableFor(paired.detection().format().id()));
    }

    /** The original tree into the record, bounded, with warnings for what a section or the record could not keep. */
    private static void keepOriginal(Run run, ReadResult read) {
        long dropped = read.original().droppedInTree();
        if (dropped > 0) {
            run.warnings.add(new Problem(ErrorCode.TOO_LARGE, dropped + " more entries dropped: a section of the"
                    + " original tree keeps at most " + MetadataTree.MAX_ENTRIES + " entries"));
        }
        run.original = original(read.original(), run.warnings);
    }

    /** The schema document from the table, the upload's context applied, validated; partial without a table. */
    private void mapAndValidate(Run run, Read read, UploadContext context) {
        if (read.table() == null) {
            run.status = Status.PARTIAL;
            run.warnings.add(new Problem(ErrorCode.MAPPING, "no mapping table for "
                    + read.result().tableKey(run.detection.format().id())
                    + ": the original tree is complete, the schema document is not written"));
            return;
        }
        Mapper.Result mapped = mapper.map(read.table(), read.result().primary(), read.result().original());
        run.warnings.addAll(mapped.problems());
        run.notes.addAll(mapped.notes());
        TargetSchema target = TargetSchema.valueOf(read.table().schema());
        run.document = mapped.document();
        applyContext(run.document, target, run.info, context, run.notes);
        ValidationReport validation = validator.validate(target, run.document);
        run.validation = validation;
        run.schemaLabel = validation.schema();
        run.status = validation.valid() && run.warnings.isEmpty() ? Status.OK : Status.PARTIAL;
        if (!validation.valid()) {
            run.notes.add(0, validationLine(validation));
        }
    }

    /**
     * The one line a record says about an invalid document: which context no file can hold is missing (by its schema
     * name) and where to supply it once, and how many schema errors the validation report lists.
     */
    static String validationLine(ValidationReport validation) {
        int errors = validation.errors().size();
        if (validation.missingContext().isEmpty()) {
            return errors + " schema error(s), listed in the validation report";
        }
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (String path : validation.missingContext()) {
            names.add(path.substring(path.lastIndexOf('.') + 1));
        }
        return "context no file holds is missing: " + String.join(", ", names) + " — supply it once in a"
                + " bucket-root .emmeta.json (README, First steps) or as x-amz-meta-emmeta-* upload metadata ("
                + errors + " schema error(s) in all, listed in the validation report)";
    }

    /** Nanoseconds as milliseconds to the microsecond (finer digits are timer noise). */
    public static double millis(long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }

    private static ExtractionRecord record(Run run, ByteSource source, Instant at, double ms) {
        Detection d = run.detection;
        DetectedInfo detected = d == null ? null
                : new DetectedInfo(d.format().id(), d.vendor(), d.technique().name(), d.container(), d.evidence());
        // the metadata's cost; the preview's bytes are the preview's own figure (record.preview.bytesRead)
        Provenance provenance = new Provenance(NAME, VERSION, at.toString(),
                source.stats().bytesRead() - run.previewBytes, source.stats().requests() - run.previewRequests, ms);
        return new ExtractionRecord(run.info, detected, run.status, run.errors, capped(run.warnings), run.notes,
                run.schemaLabel, run.document, run.validation, run.original, provenance, run.previewInfo);
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
            if (!SIDECARS.contains(d.format().id()) || r == null || mapper.tableFor(d.format().id()) == null) {
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
        } else if (!root.has("technique")) {
            // detection decided which schema the document targets: that is its technique ("SEM", as the SEM schema
            // authors' own example writes it; "TEM")
            root.put("technique", target.name());
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
