package io.emmeta.fuzz;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.emmeta.core.problem.ExtractionException;

/**
 * The contract every entry point keeps for hostile bytes, checked per fuzz input: it returns or throws
 * {@link ExtractionException}; nothing else escapes (no RuntimeException, no Error, no IOException from an in-memory
 * source); it finishes within {@link #PER_INPUT}; and it allocates at most {@link #MAX_ALLOCATED} bytes in total
 * (garbage included), which catches an allocation that grows with a declared count long before it would exhaust the
 * heap.
 *
 * <p>The work runs on one reused worker thread so a hang can be detected and reported with the worker's stack
 * instead of stalling the fuzzer. A broken contract is rethrown as the original throwable (not wrapped), so Jazzer
 * deduplicates findings by where they really happened.
 */
final class Contract {

    /** Per-input time bound; generous, since regression mode runs each seed once on a cold JIT. */
    static final Duration PER_INPUT = Duration.ofSeconds(Long.getLong("emmeta.fuzz.inputSeconds", 10));
    /** Per-input allocation bound (total bytes allocated by the worker while handling one input). */
    static final long MAX_ALLOCATED = Long.getLong("emmeta.fuzz.maxAllocatedMb", 256) << 20;

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** Raised when an input ran past {@link #PER_INPUT}; its stack trace is the worker's at that moment. */
    static final class Hang extends RuntimeException {
        Hang(String message, StackTraceElement[] where) {
            super(message);
            setStackTrace(where);
        }
    }

    /** Raised when an input made the code allocate more than {@link #MAX_ALLOCATED}. */
    static final class Unbounded extends RuntimeException {
        Unbounded(String message) {
            super(message);
        }
    }

    private static ExecutorService worker = newWorker();
    private static volatile Thread workerThread;

    private Contract() {
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-contract-worker");
            t.setDaemon(true);
            workerThread = t;
            return t;
        });
    }

    /**
     * Runs {@code work} under the contract; returns normally when it held. An input over the allocation bound is run
     * once more before it counts: the first use of a code path loads (and, while fuzzing, instruments) classes on the
     * worker thread, which is allocation the input did not cause. The code is deterministic, so a real amplification
     * is over the bound again.
     */
    static void holds(Work work) {
        holds(MAX_ALLOCATED, work);
    }

    /** As {@link #holds(Work)}, with a target-specific allocation bound (say why where it is used). */
    static void holds(long maxAllocated, Work work) {
        holds(PER_INPUT, maxAllocated, work);
    }

    /** As {@link #holds(long, Work)}, with a target-specific time bound too (say why where it is used). */
    static void holds(Duration perInput, long maxAllocated, Work work) {
        holds(perInput, null, maxAllocated, work);
    }

    /**
     * As {@link #holds(Duration, long, Work)}, plus a bound on the CPU time the worker thread itself spends on one
     * input. Wall-clock time on a shared 2-core machine grows with everyone else's load; the worker's own CPU time
     * does not, so a tight CPU bound catches super-linear work (a backtracking pattern, a quadratic lookup) without
     * failing on a busy machine, while {@code perInput} stays the generous wall-clock guard against a hang.
     */
    static void holds(Duration perInput, Duration maxCpu, long maxAllocated, Work work) {
        Cost cost = once(perInput, work);
        boolean overCpu = maxCpu != null && cost.cpuNanos() > maxCpu.toNanos();
        if (cost.allocated() > maxAllocated || overCpu) {
            // the first use of a code path loads (and, while fuzzing, instruments) classes on the worker thread:
            // allocation and CPU the input did not cause. The code is deterministic, so a real cost is there again.
            Sampler sampler = SAMPLE ? Sampler.start(workerThread) : null;
            cost = once(perInput, work);
            String where = sampler == null ? "" : "; where the worker spent its time:\n" + sampler.stop();
            if (cost.allocated() > maxAllocated) {
                throw new Unbounded("one input allocated " + (cost.allocated() >> 20) + " MB (bound "
                        + (maxAllocated >> 20) + " MB)" + where);
            }
            if (maxCpu != null && cost.cpuNanos() > maxCpu.toNanos()) {
                throw new Unbounded("one input took " + cost.cpuNanos() / 1_000_000 + " ms of CPU (bound "
                        + maxCpu.toMillis() + " ms)" + where);
            }
        }
    }

    /** What one input cost the worker thread: bytes allocated (garbage included) and CPU time. */
    record Cost(long allocated, long cpuNanos) {
    }

    /** {@code -Demmeta.fuzz.sample=true}: say where an over-allocating input spends its time (a poor man's profiler). */
    static final boolean SAMPLE = Boolean.getBoolean("emmeta.fuzz.sample");

    private static final class Sampler {
        private final java.util.Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile boolean running = true;
        private Thread thread;

        static Sampler start(Thread target) {
            Sampler s = new Sampler();
            s.thread = new Thread(() -> {
                while (s.running) {
                    StackTraceElement[] st = target.getStackTrace();
                    StringBuilder b = new StringBuilder();
                    for (int i = 0; i < Math.min(14, st.length); i++) {
                        b.append("    at ").append(st[i]).append('\n');
                    }
                    s.counts.merge(b.toString(), 1, Integer::sum);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fuzz-contract-sampler");
            s.thread.setDaemon(true);
            s.thread.start();
            return s;
        }

        String stop() {
            running = false;
            return counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(2)
                    .map(e -> e.getValue() + " samples:\n" + e.getKey()).reduce("", String::concat);
        }
    }

    private static Cost once(Duration perInput, Work work) {
        Future<Cost> f = worker.submit(() -> {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = mx.getCurrentThreadAllocatedBytes();
            long cpuBefore = mx.getCurrentThreadCpuTime();
            try {
                work.run();
            } catch (ExtractionException typed) {
                // the typed outcome the contract allows
            }
            return new Cost(mx.getCurrentThreadAllocatedBytes() - before, mx.getCurrentThreadCpuTime() - cpuBefore);
        });
        try {
            return awaitAllowingClassLoading(f, perInput);
        } catch (TimeoutException e) {
            Thread stuck = workerThread;
            StackTraceElement[] where = stuck == null ? new StackTraceElement[0] : stuck.getStackTrace();
            f.cancel(true);
            // the stuck thread may never stop; abandon it (daemon) and carry on with a fresh one
            worker.shutdownNow();
            worker = newWorker();
            throw new Hang("input not handled within " + perInput.toMillis() + " ms", where);
        } catch (ExecutionException e) {
            throw sneaky(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits {@link #PER_INPUT}; past that, keeps waiting (up to {@link #CLASS_LOADING_GRACE}) only while the worker
     * is loading or initialising classes. The first input that reaches a library loads, and while fuzzing instruments, hundreds of
     * classes on the worker thread: seconds that belong to the JVM, not to the input.
     */
    private static Cost awaitAllowingClassLoading(Future<Cost> f, Duration perInput)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + CLASS_LOADING_GRACE.toNanos();
        try {
            return f.get(perInput.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException first) {
            while (System.nanoTime() < deadline && loadingClasses(workerThread)) {
                try {
                    return f.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException stillLoading) {
                    // look again
                }
            }
            return f.get(1, TimeUnit.MILLISECONDS);
        }
    }

    private static boolean loadingClasses(Thread t) {
        if (t == null) {
            return false;
        }
        for (StackTraceElement e : t.getStackTrace()) {
            String c = e.getClassName();
            if (c.equals("java.lang.ClassLoader") || e.getMethodName().equals("<clinit>") || c.startsWith("com.code_intelligence.jazzer.agent")
                    || c.startsWith("com.code_intelligence.jazzer.instrumentor")) {
                return true;
            }
        }
        return false;
    }

    static final Duration CLASS_LOADING_GRACE = Duration.ofMinutes(3);

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
