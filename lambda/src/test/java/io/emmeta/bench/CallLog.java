package io.emmeta.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Every S3 call a client makes, with when it started and ended (retries inside one call are that call). From those
 * intervals: the calls by type, and the sequential round trips on the critical path, where calls that overlap in
 * time (issued in parallel) count once.
 */
final class CallLog implements ExecutionInterceptor {

    record Call(String op, long startNanos, long endNanos) {
    }

    private static final ExecutionAttribute<Long> START = new ExecutionAttribute<>("emmeta.bench.calllog.start");
    private final List<Call> calls = new ArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(START, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        done(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        done(attributes); // a 404 HEAD or GET is a round trip too
    }

    private void done(ExecutionAttributes attributes) {
        Long start = attributes.getAttribute(START);
        String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        synchronized (calls) {
            calls.add(new Call(op == null ? "?" : op, start == null ? System.nanoTime() : start, System.nanoTime()));
        }
    }

    void clear() {
        synchronized (calls) {
            calls.clear();
        }
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Calls by short type (HEAD, GET, PUT, LIST, DELETE), sorted by type. */
    static Map<String, Integer> byType(List<Call> calls) {
        Map<String, Integer> out = new TreeMap<>();
        for (Call c : calls) {
            out.merge(shortName(c.op()), 1, Integer::sum);
        }
        return out;
    }

    static String shortName(String op) {
        return switch (op) {
            case "HeadObject" -> "HEAD";
            case "GetObject" -> "GET";
            case "PutObject" -> "PUT";
            case "ListObjectsV2", "ListObjects" -> "LIST";
            case "DeleteObject" -> "DELETE";
            default -> op;
        };
    }

    /**
     * The longest chain of calls each of which started after the previous one ended: the round trips one after
     * another that no parallelism hides. Under an injected per-request delay, calls issued together overlap by that
     * delay, so this counts request "waves" exactly; at zero delay fast calls may not overlap, so measure it with a
     * delay.
     */
    static int sequentialRoundTrips(List<Call> calls) {
        List<Call> byEnd = new ArrayList<>(calls);
        byEnd.sort(Comparator.comparingLong(Call::endNanos));
        int[] chain = new int[byEnd.size()];
        int best = 0;
        for (int i = 0; i < byEnd.size(); i++) {
            chain[i] = 1;
            for (int j = 0; j < i; j++) {
                if (byEnd.get(j).endNanos() <= byEnd.get(i).startNanos()) {
                    chain[i] = Math.max(chain[i], chain[j] + 1);
                }
            }
            best = Math.max(best, chain[i]);
        }
        return best;
    }
}
