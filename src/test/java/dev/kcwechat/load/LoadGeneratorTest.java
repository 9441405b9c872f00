package dev.kcwechat.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    @Test
    void eachLoopSendsItsRequestsAndEveryOutcomeIsCounted() {
        AtomicInteger made = new AtomicInteger();
        Supplier<LoadGenerator.Request> requests = () -> {
            int n = made.incrementAndGet();
            return () -> switch (n % 4) {
                case 1 -> LoadGenerator.Outcome.failed("HTTP 503", "HTTP 503 #" + n);
                case 2 -> throw new IOException("connection reset");
                default -> LoadGenerator.Outcome.SUCCEEDED;
            };
        };

        Tally tally = LoadGenerator.run(3, 20, requests);

        assertThat(made).hasValue(60);
        assertThat(tally.requests()).isEqualTo(60);
        assertThat(tally.succeeded()).isEqualTo(30);
        assertThat(tally.failed()).isEqualTo(30);
        assertThat(tally.failures()).isEqualTo(Map.of("HTTP 503", 15L, "IOException", 15L));
        assertThat(tally.firstFailure()).isNotNull();
    }

    @Test
    void latenciesAreTheSendingsOnly() {
        Supplier<LoadGenerator.Request> requests = () -> {
            sleep(300);
            return () -> {
                sleep(10);
                return LoadGenerator.Outcome.SUCCEEDED;
            };
        };

        Tally tally = LoadGenerator.run(2, 3, requests);

        assertThat(tally.percentileMillis(100)).isBetween(10.0, 250.0);
        assertThat(tally.percentileMillis(50)).isGreaterThanOrEqualTo(10.0);
    }

    @Test
    void aLoadForATimeEndsThen() {
        long start = System.nanoTime();

        Tally tally = LoadGenerator.run(2, Duration.ofMillis(200), () -> () -> {
            sleep(5);
            return LoadGenerator.Outcome.SUCCEEDED;
        });

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(tally.succeeded()).isPositive();
    }

    @Test
    void aStartedLoadRunsUntilStopped() {
        AtomicInteger sent = new AtomicInteger();
        LoadGenerator load = LoadGenerator.start(2, () -> () -> {
            sent.incrementAndGet();
            sleep(1);
            return LoadGenerator.Outcome.SUCCEEDED;
        });
        sleep(100);

        Tally tally = load.stop();
        int afterStop = sent.get();
        sleep(50);

        assertThat(tally.requests()).isEqualTo(afterStop).isPositive();
        assertThat(sent).hasValue(afterStop);
    }

    @Test
    void anyOtherExceptionFailsTheLoad() {
        assertThatIllegalStateException().isThrownBy(() -> LoadGenerator.run(2, 5, () -> () -> {
            throw new IllegalArgumentException("a bug in the request");
        })).withRootCauseInstanceOf(IllegalArgumentException.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
