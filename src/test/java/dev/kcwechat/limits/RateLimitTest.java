package dev.kcwechat.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class RateLimitTest {

    private final RateLimit perMinute = new RateLimit(5, 60);

    @Test
    void windowsStartAtMultiplesOfTheirLength() {
        assertThat(perMinute.window(0)).isEqualTo(0);
        assertThat(perMinute.window(59)).isEqualTo(0);
        assertThat(perMinute.window(60)).isEqualTo(1);
        assertThat(perMinute.window(1_700_000_030)).isEqualTo(28_333_333);
    }

    @Test
    void retryAfterIsTheRestOfTheWindowAndNeverZero() {
        assertThat(perMinute.secondsLeft(0)).isEqualTo(60);
        assertThat(perMinute.secondsLeft(59)).isEqualTo(1);
        assertThat(perMinute.secondsLeft(61)).isEqualTo(59);
        assertThat(new RateLimit(1, 1).secondsLeft(12345)).isEqualTo(1);
    }

    @Test
    void zeroMeansNoLimit() {
        assertThat(new RateLimit(0, 60).isOff()).isTrue();
        assertThat(perMinute.isOff()).isFalse();
    }

    @Test
    void refusesANegativeLimitOrAnEmptyWindow() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit(-1, 60));
        assertThatIllegalArgumentException().isThrownBy(() -> new RateLimit(1, 0));
    }
}
