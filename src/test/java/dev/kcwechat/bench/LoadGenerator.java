package dev.kcwechat.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * A closed-loop load generator: {@code concurrency} threads send form posts back to back for a
 * fixed time over keep-alive connections (at most one per thread) and record every latency.
 */
final class LoadGenerator {

    private final String url;
    /** One client for all loops: its pool holds one keep-alive connection per concurrent loop. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    LoadGenerator(String url) {
        this.url = url;
    }

    /** Runs {@code concurrency} loops for {@code duration}; each request's form comes from {@code form}. */
    Sample run(int concurrency, Duration duration, Supplier<Map<String, String>> form) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        return run(concurrency, () -> loop(end, Integer.MAX_VALUE, form));
    }

    /** Runs {@code concurrency} loops of {@code requestsPerLoop} requests each. */
    Sample run(int concurrency, int requestsPerLoop, Supplier<Map<String, String>> form) throws Exception {
        return run(concurrency, () -> loop(Long.MAX_VALUE, requestsPerLoop, form));
    }

    private Sample run(int concurrency, Callable<Sample> body) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        List<Future<Sample>> loops = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            loops.add(threads.submit(body));
        }
        Sample total = new Sample();
        for (Future<Sample> loop : loops) {
            total.merge(loop.get());
        }
        threads.shutdown();
        return total;
    }

    private Sample loop(long end, int requests, Supplier<Map<String, String>> form) throws InterruptedException {
        Sample sample = new Sample();
        while (System.nanoTime() < end && sample.requests() < requests) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(dev.kcwechat.testing.Http.formEncode(form.get())))
                    .build();
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                sample.record(System.nanoTime() - start, response.statusCode() == 200, response.statusCode(), response.body());
            } catch (IOException e) {
                sample.record(System.nanoTime() - start, false, -1, e.toString());
            }
        }
        return sample;
    }
}
