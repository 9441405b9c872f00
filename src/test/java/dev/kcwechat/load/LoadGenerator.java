package dev.kcwechat.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * A closed-loop load: {@code loops} threads each send one request after another, for a time, a
 * number of requests or until stopped, and tally every outcome and latency ({@link Tally}). Each
 * request is made first (its form, a code from a fake), then sent; only the sending is timed.
 */
public final class LoadGenerator implements AutoCloseable {

    /** A request, made and ready to be sent. */
    @FunctionalInterface
    public interface Request {
        /** Sends it; an I/O failure counts as a failed request, any other exception ends the loop and the load. */
        Outcome send() throws IOException, InterruptedException;
    }

    /** How a request ended: succeeded, or failed with a kind (counted) and a detail (the first one kept). */
    public record Outcome(String failure, String detail) {

        public static final Outcome SUCCEEDED = new Outcome(null, null);

        public static Outcome failed(String failure, String detail) {
            return new Outcome(failure, detail);
        }

        public boolean succeeded() {
            return failure == null;
        }
    }

    private final ExecutorService threads;
    private final List<Future<Tally>> loops = new ArrayList<>();
    private volatile boolean stopped;

    private LoadGenerator(int loopCount, long endNanos, long requestsPerLoop, Supplier<Request> requests) {
        threads = Executors.newFixedThreadPool(loopCount);
        for (int i = 0; i < loopCount; i++) {
            loops.add(threads.submit(() -> loop(endNanos, requestsPerLoop, requests)));
        }
    }

    /** Runs {@code loops} loops for {@code duration}. */
    public static Tally run(int loops, Duration duration, Supplier<Request> requests) {
        return new LoadGenerator(loops, System.nanoTime() + duration.toNanos(), Long.MAX_VALUE, requests).await();
    }

    /** Runs {@code loops} loops of {@code requestsPerLoop} requests each. */
    public static Tally run(int loops, long requestsPerLoop, Supplier<Request> requests) {
        return new LoadGenerator(loops, Long.MAX_VALUE, requestsPerLoop, requests).await();
    }

    /** Starts {@code loops} loops that run until {@link #stop()}. */
    public static LoadGenerator start(int loops, Supplier<Request> requests) {
        return new LoadGenerator(loops, Long.MAX_VALUE, Long.MAX_VALUE, requests);
    }

    /** Stops the loops after their current request and returns the tally of all requests. */
    public Tally stop() {
        stopped = true;
        return await();
    }

    @Override
    public void close() {
        stop();
    }

    private Tally loop(long endNanos, long requests, Supplier<Request> next) throws InterruptedException {
        Tally tally = new Tally();
        while (!stopped && System.nanoTime() < endNanos && tally.requests() < requests) {
            Request request = next.get();
            long start = System.nanoTime();
            Outcome outcome;
            try {
                outcome = request.send();
            } catch (IOException | UncheckedIOException e) {
                outcome = Outcome.failed(e.getClass().getSimpleName(), e.toString());
            }
            tally.record(System.nanoTime() - start, outcome);
        }
        return tally;
    }

    private Tally await() {
        Tally total = new Tally();
        try {
            for (Future<Tally> loop : loops) {
                total.add(loop.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the load", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("A loop of the load failed", e.getCause());
        } finally {
            stopped = true;
            threads.shutdown();
        }
        return total;
    }
}
