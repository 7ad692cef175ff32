package io.emmeta.adapter.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import io.emmeta.core.BoundedExtractor;
import io.emmeta.core.Extractor;
import io.emmeta.core.SidecarNames;
import io.emmeta.core.UploadContext;
import io.emmeta.core.output.ExtractionRecord;
import io.emmeta.core.output.ExtractionRecord.SourceInfo;
import io.emmeta.core.output.OutputNames;
import io.emmeta.core.output.Status;
import io.emmeta.core.problem.ErrorCode;
import io.emmeta.core.source.CachingByteSource;
import io.emmeta.s3.Backfill;
import io.emmeta.s3.EnvironmentSettings;
import io.emmeta.s3.S3UploadProcessor;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code java -jar target/emmeta-cli.jar extract [--stdout] [--strict] PATH...}: the same chain as the Lambda, over
 * local files and folders. Without --stdout the two documents (and the preview of an image) are written beside each file; with it, one
 * extraction record per line (JSON Lines) goes to stdout. Progress and a summary go to stderr.
 *
 * <p>{@code extract s3://bucket/prefix} backfills a bucket instead: the Lambda's own upload processor, configured from
 * the same EMMETA_* environment, over a paged listing (see {@link Backfill}); the function's JSON log line per object
 * goes to stdout.
 */
public final class Main {

    static final String USAGE = """
            usage: emmeta extract [--stdout] [--strict] [--context FILE] [--timeout SECONDS] PATH...
                   emmeta extract [--strict] [--concurrency N] [--endpoint-url URL] [--region R] s3://BUCKET[/PREFIX]...
              PATH       files or folders (folders are walked; our own *.metadata.json / *.extraction.json are skipped)
              --stdout   print one extraction record per line (JSON Lines) instead of writing files beside the inputs
              --strict   exit with status 1 when any file ends with status 'error'
              --context  a context document, as a bucket's .emmeta.json: technique, measurementPurpose, userName,
                         parentReference, title, and "sem"/"tem" partial documents filling what files leave absent
              --timeout  the time limit per file, in seconds (default 30, as the Lambda's); past it the file's
                         record says TIMEOUT and the run goes on
            Exit status: 0; 1 when an output could not be written (or, with --strict, a file ended in 'error');
            2 for a usage error.
            s3:// (backfill an existing bucket with the Lambda's processor and its EMMETA_* settings; objects whose
            documents were made from their current ETag are skipped, so an interrupted run can simply be repeated):
              --concurrency N     objects processed at once (default 4)
              --endpoint-url URL  an S3-compatible store (path-style access)
              --region R          the region (default: the AWS SDK's region chain; credentials: its default chain)
            """;

    static final int DEFAULT_CONCURRENCY = 4;
    /** The Lambda's default (ProcessorSettings.DEFAULT): a file that takes longer is stopped with a TIMEOUT record. */
    static final long DEFAULT_TIMEOUT_MILLIS = io.emmeta.s3.ProcessorSettings.DEFAULT.timeoutMillis();

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    Main(PrintStream out, PrintStream err) {
        this(out, err, System.getenv());
    }

    /** With the environment the EMMETA_* settings are read from (tests pass their own). */
    Main(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public static void main(String[] args) {
        // jHDF logs through SLF4J; the CLI has no binding and wants no warning about that on stderr.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(new Main(out, err).run(args));
    }

    int run(String[] args) {
        try {
            Options o = Options.parse(args);
            return o.s3Roots.isEmpty() ? extractLocal(o) : backfill(o);
        } catch (Exit exit) {
            if (exit.getMessage() != null) {
                err.println(exit.getMessage());
            }
            if (exit.withUsage) {
                err.print(USAGE);
            }
            return exit.status;
        }
    }

    /** The run ends before any file is read: a usage error (status 2) or --help (0), said on stderr. */
    private static final class Exit extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final boolean withUsage;

        private Exit(int status, String message, boolean withUsage) {
            super(message, null, false, false);
            this.status = status;
            this.withUsage = withUsage;
        }

        static Exit usage(String message) {
            return new Exit(2, message, false);
        }

        static Exit usageWithHelp(String message) {
            return new Exit(2, message, true);
        }
    }

    /** What the command line asks for, checked: which options go with local paths and which with s3:// locations. */
    private static final class Options {
        boolean stdout;
        boolean strict;
        UploadContext context = UploadContext.NONE;
        final List<Path> roots = new ArrayList<>();
        final List<String> s3Roots = new ArrayList<>();
        Integer concurrency;
        Long timeout;
        String endpoint;
        String region;

        static Options parse(String[] args) throws Exit {
            if (args.length == 0 || !"extract".equals(args[0])) {
                throw Exit.usageWithHelp(null);
            }
            Options o = new Options();
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--stdout" -> o.stdout = true;
                    case "--strict" -> o.strict = true;
                    case "--context" -> o.context = context(value(args, ++i, "--context needs a file"));
                    case "--concurrency" -> o.concurrency = concurrency(value(args, ++i,
                            "--concurrency needs a value"));
                    case "--endpoint-url" -> o.endpoint = value(args, ++i, "--endpoint-url needs a value");
                    case "--region" -> o.region = value(args, ++i, "--region needs a value");
                    case "--timeout" -> o.timeout = timeoutMillis(value(args, ++i,
                            "--timeout needs a number of seconds"));
                    case "-h", "--help" -> throw new Exit(0, null, true);
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw Exit.usageWithHelp("unknown option " + args[i]);
                        }
                        if (args[i].startsWith("s3://")) {
                            o.s3Roots.add(args[i]);
                        } else {
                            o.roots.add(Path.of(args[i]));
                        }
                    }
                }
            }
            o.check();
            return o;
        }

        /** Local paths and s3:// locations take different options; a run is one or the other. */
        private void check() throws Exit {
            if (!s3Roots.isEmpty()) {
                if (!roots.isEmpty()) {
                    throw Exit.usage("emmeta: give either local paths or s3:// locations, not both");
                }
                if (stdout || context != UploadContext.NONE || timeout != null) {
                    throw Exit.usage("emmeta: --stdout, --context and --timeout apply to local paths; in a bucket the"
                            + " function's log line per object goes to stdout, context comes from .emmeta.json and user"
                            + " metadata, and the time limit from EMMETA_EXTRACT_TIMEOUT_MILLIS");
                }
                return;
            }
            if (concurrency != null || endpoint != null || region != null) {
                throw Exit.usage("emmeta: --concurrency, --endpoint-url and --region apply to s3:// locations");
            }
            if (roots.isEmpty()) {
                throw Exit.usageWithHelp(null);
            }
        }

        private static String value(String[] args, int i, String missing) throws Exit {
            if (i >= args.length) {
                throw Exit.usage(missing);
            }
            return args[i];
        }

        private static UploadContext context(String file) throws Exit {
            try {
                var node = new ObjectMapper().readTree(Files.readAllBytes(Path.of(file)));
                if (node == null || !node.isObject()) {
                    throw Exit.usage("emmeta: " + file + " is not a JSON object");
                }
                return UploadContext.fromJson(node);
            } catch (IOException e) {
                throw Exit.usage("emmeta: cannot read context " + file + ": " + e.getMessage());
            }
        }

        private static int concurrency(String v) throws Exit {
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > 256) {
                throw Exit.usage("--concurrency needs a whole number from 1 to 256, not " + v);
            }
            return n;
        }

        private static long timeoutMillis(String v) throws Exit {
            long ms;
            try {
                ms = Math.round(Double.parseDouble(v) * 1000);
            } catch (NumberFormatException e) {
                ms = -1L;
            }
            if (ms <= 0 || ms > 86_400_000L) {
                throw Exit.usage("--timeout needs seconds above 0 (at most a day), not " + v);
            }
            return ms;
        }
    }

    /** One input of a local run: a file, or an entry the walk could not read (it still gets its record). */
    private record Entry(Path path, IOException unreadable) {
    }

    /** Local files and folders: each file's record (and document) beside it, or on stdout; a summary on stderr. */
    private int extractLocal(Options o) {
        return extractLocal(o.roots, o.stdout, o.strict, o.context, o.timeout == null ? DEFAULT_TIMEOUT_MILLIS
                : o.timeout);
    }

    private int extractLocal(List<Path> roots, boolean stdout, boolean strict, UploadContext context,
            long timeoutMillis) {
        OutputNames names = OutputNames.DEFAULT;
        List<Entry> files = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                err.println("emmeta: no such file or folder: " + printable(root.toString()));
                return 2;
            }
            try {
                walk(root, names, files);
            } catch (IOException e) {
                err.println("emmeta: cannot list " + printable(root.toString()) + ": " + e.getMessage());
                return 2;
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectWriter line = json.writer();
        ObjectWriter pretty = json.writerWithDefaultPrettyPrinter();
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        long bytes = 0;
        int outputFailures = 0;
        long started = System.nanoTime();
        int i = 0;
        try (BoundedExtractor extractor = new BoundedExtractor(Extractor.standard(json), timeoutMillis)) {
            for (Entry entry : files) {
                i++;
                Path file = entry.path();
                String shown = printable(file.toString());
                if (entry.unreadable() == null && SidecarNames.isSidecarName(file.toString())
                        && firstExisting(SidecarNames.imagesOf(file.toString())) != null) {
                    err.printf("[%d/%d] %s: read with its image%n", i, files.size(), shown);
                    continue; // the image beside it reads it as its sidecar
                }
                // the preview goes beside the file with the documents; a JSON Lines run writes no files
                Extractor.Result result = entry.unreadable() != null ? unreadable(file, entry.unreadable())
                        : extractOne(extractor, file, stdout ? context : context.withPreviewDefault(true));
                ExtractionRecord rec = result.record();
                counts.merge(rec.status(), 1, Integer::sum);
                bytes += rec.provenance().bytesRead();
                String failure = stdout ? printLine(line, rec) : writeBeside(pretty, names, file, result);
                if (failure != null) {
                    outputFailures++;
                    err.printf("[%d/%d] %s: %s %s; cannot write output: %s%n", i, files.size(), shown,
                            rec.status().json(), rec.detected() == null ? "-" : rec.detected().format(), failure);
                    continue;
                }
                err.printf(java.util.Locale.ROOT, "[%d/%d] %s: %s %s%s (%.3f ms, %d bytes read)%n", i, files.size(), shown, rec.status().json(),
                        rec.detected() == null ? "-" : rec.detected().format(),
                        rec.errors().isEmpty() ? "" : " " + rec.errors().get(0).code(), rec.provenance().durationMs(),
                        rec.provenance().bytesRead());
            }
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        err.printf("emmeta: %d file(s) in %d ms, %d bytes read: %s%s%n", files.size(), ms, bytes, counts.entrySet()
                .stream().map(e -> e.getValue() + " " + e.getKey().json()).reduce((a, b) -> a + ", " + b)
                .orElse("nothing to do"), outputFailures == 0 ? "" : "; outputs of " + outputFailures
                        + " file(s) could not be written");
        if (outputFailures > 0) {
            return 1; // a record that could not be written is a lost result, whatever --strict says
        }
        return strict && counts.getOrDefault(Status.ERROR, 0) > 0 ? 1 : 0;
    }

    /**
     * Every regular file under a root, sorted, without our own outputs and hidden files; a folder or file the walk
     * cannot read becomes an entry of its own instead of ending the run.
     */
    private static void walk(Path root, OutputNames names, List<Entry> into) throws IOException {
        List<Entry> found = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
                if (attrs.isRegularFile() && !names.isOutput(name) && !name.startsWith(".")) {
                    found.add(new Entry(file, null));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                found.add(new Entry(file, e));
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(java.util.Comparator.comparing(Entry::path));
        into.addAll(found);
    }

    private Extractor.Result extractOne(BoundedExtractor extractor, Path file, UploadContext context) {
        Path sidecar = SidecarNames.isImageName(file.toString()) ? firstExisting(SidecarNames.sidecarsOf(
                file.toString())) : null;
        try (CachingByteSource src = CachingByteSource.ofFile(file);
                CachingByteSource side = sidecar == null ? null : CachingByteSource.ofFile(sidecar)) {
            return extractor.extract(src, SourceInfo.file(file.toString(), Files.size(file)), context, side,
                    sidecar == null ? null : SourceInfo.file(sidecar.toString(), Files.size(sidecar)));
        } catch (IOException e) {
            return unreadable(file, e);
        }
    }

    /** A file (or folder) that cannot be opened still gets a record, with a typed reason. */
    private static Extractor.Result unreadable(Path file, IOException e) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException | SecurityException ignored) {
            size = 0;
        }
        return Extractor.failed(SourceInfo.file(file.toString(), size), ErrorCode.SOURCE_UNAVAILABLE, "cannot read "
                + file + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
                0, 0, 0);
    }

    /** One JSON line; null when written. */
    private String printLine(ObjectWriter line, ExtractionRecord rec) {
        try {
            // bytes, not a String: Jackson escapes what UTF-8 cannot carry (a lone surrogate from vendor text)
            out.write(line.writeValueAsBytes(rec));
            out.println();
            return out.checkError() ? "stdout is closed" : null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /**
     * Both documents beside the file, or neither: each is serialised and written to a temporary file first, then
     * renamed over the old one. A record without a document removes the old document it would contradict. Null when
     * written; else why not.
     */
    private static String writeBeside(ObjectWriter pretty, OutputNames names, Path file, Extractor.Result result) {
        ExtractionRecord rec = result.record();
        String previewFailure = writePreview(names, file, result);
        rec = rec.withPreviewKey(previewFailure == null && result.preview() != null
                ? sibling(file, names.previewSuffix()).toString() : null);
        boolean document = result.document() != null && !Extractor.isLoneSidecar(rec);
        Path metadata = sibling(file, names.metadataSuffix());
        Path extraction = sibling(file, names.extractionSuffix());
        Path metadataTmp = null;
        Path extractionTmp = null;
        try {
            byte[] recBytes = pretty.writeValueAsBytes(rec);
            byte[] docBytes = document ? pretty.writeValueAsBytes(result.document()) : null;
            extractionTmp = temporary(extraction, recBytes);
            metadataTmp = docBytes == null ? null : temporary(metadata, docBytes);
            Files.move(extractionTmp, extraction, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            extractionTmp = null;
            try {
                if (metadataTmp != null) {
                    Files.move(metadataTmp, metadata, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                    metadataTmp = null;
                } else {
                    Files.deleteIfExists(metadata); // it described other content: it must not outlive it
                }
            } catch (IOException e) {
                Files.deleteIfExists(extraction); // a record beside a document it does not describe: neither
                throw e;
            }
            return null;
        } catch (IOException | RuntimeException e) {
            try {
                // the record naming the preview is lost: the picture must not stay without it
                Files.deleteIfExists(sibling(file, names.previewSuffix()));
            } catch (IOException ignored) {
                // best effort, as for the temporary files below
            }
            for (Path tmp : new Path[] {metadataTmp, extractionTmp}) {
                if (tmp != null) {
                    try {
                        Files.deleteIfExists(tmp);
                    } catch (IOException ignored) {
                        // best effort: a leftover temporary file is hidden (dot name) and skipped by later runs
                    }
                }
            }
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    /**
     * The preview picture beside the file (temporary file, then renamed), before the record that names it; an old
     * preview goes when this content has none. Null when done; else why not.
     */
    private static String writePreview(OutputNames names, Path file, Extractor.Result result) {
        Path preview = sibling(file, names.previewSuffix());
        try {
            if (result.preview() == null || Extractor.isLoneSidecar(result.record())) {
                Files.deleteIfExists(preview);
                return null;
            }
            Path tmp = temporary(preview, result.preview().png());
            Files.move(tmp, preview, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return null;
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    private static Path temporary(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".emmeta-tmp");
        Files.write(tmp, content);
        return tmp;
    }

    /** A path as a progress line may show it: control characters (a hostile file name) escaped. */
    static String printable(String s) {
        StringBuilder b = null;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (Character.isISOControl(c)) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, k);
                }
                b.append(String.format("\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    /** {@code extract s3://...}: each location in turn through the Lambda's upload processor. */
    private int backfill(Options o) {
        return backfill(o.s3Roots, o.strict, o.concurrency == null ? DEFAULT_CONCURRENCY : o.concurrency, o.endpoint,
                o.region);
    }

    private int backfill(List<String> locations, boolean strict, int concurrency, String endpoint, String region) {
        List<String[]> targets = new ArrayList<>();
        for (String location : locations) {
            String rest = location.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (bucket.isEmpty()) {
                err.println("emmeta: no bucket in " + location);
                return 2;
            }
            targets.add(new String[] {bucket, prefix});
        }
        EnvironmentSettings settings;
        try {
            settings = EnvironmentSettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            err.println("emmeta: " + e.getMessage());
            return 2;
        }
        if (System.getProperty("http.maxConnections") == null) {
            // the JDK's keep-alive pool (5 by default) must hold a connection per worker, or each request reconnects
            System.setProperty("http.maxConnections", Integer.toString(Math.max(5, concurrency * 2)));
        }
        S3Client s3;
        try {
            s3 = S3Clients.standard(endpoint, region, err);
        } catch (RuntimeException e) {
            err.println("emmeta: cannot set up the S3 client: " + e.getMessage());
            return 2;
        }
        int code = 0;
        long errors = 0;
        try (s3) {
            S3UploadProcessor processor = settings.newProcessor(s3);
            processor.logSink(out::println);
            Backfill backfill = new Backfill(s3, processor);
            for (String[] target : targets) {
                err.printf("emmeta: backfilling s3://%s/%s with %d worker(s)%n", target[0], target[1], concurrency);
                Backfill.Summary summary = backfill.run(target[0], target[1], concurrency, (n, key, o) -> {
                    if (Backfill.isSkippedByName(o)) {
                        return; // our own documents and defaults: counted in the summary, not one line each
                    }
                    err.printf("[%d] %s: %s%s%s%s%n", n, key, o.status(), o.format() == null ? "" : " " + o.format(),
                            o.errorCode() == null ? "" : " " + o.errorCode(),
                            "skipped".equals(o.status()) ? " (" + o.message() + ")"
                                    : o.durationMs() == null ? (o.message() == null ? "" : ": " + o.message())
                                            : " (" + o.durationMs() + " ms, " + o.bytesRead() + " bytes read)");
                });
                err.printf("emmeta: s3://%s/%s: %s%n", target[0], target[1], summary.line());
                errors += summary.count("error");
                if (summary.listingError() != null) {
                    code = 2;
                }
            }
        }
        if (code != 0) {
            return code;
        }
        return strict && errors > 0 ? 1 : 0;
    }

    private static Path firstExisting(List<String> candidates) {
        for (String c : candidates) {
            Path p = Path.of(c);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName().toString() + suffix);
    }
}
