package io.dialtone.transaction;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RFC 3261 §17 Table 4, RFC 6026 §8")
class TimerConfigTest {
    private final TimerConfig c = TimerConfig.DEFAULT;

    @Test
    void defaultsAreTable4() {
        assertThat(c.t1()).isEqualTo(ofMillis(500));
        assertThat(c.t2()).isEqualTo(ofSeconds(4));
        assertThat(c.t4()).isEqualTo(ofSeconds(5));
    }

    @ParameterizedTest(name = "Timer {0}: unreliable {1} ms, reliable {2} ms")
    @CsvSource({
            "A, 500, 500", "B, 32000, 32000", "D, 32000, 0", "E, 500, 500", "F, 32000, 32000",
            "G, 500, 500", "H, 32000, 32000", "I, 5000, 0", "J, 32000, 0", "K, 5000, 0",
            "L, 32000, 32000", "M, 32000, 32000"})
    void derivesEveryTimer(TimerName timer, long unreliableMs, long reliableMs) {
        assertThat(c.initial(timer, false)).isEqualTo(ofMillis(unreliableMs));
        assertThat(c.initial(timer, true)).isEqualTo(ofMillis(reliableMs));
    }

    @Test
    void retransmitIntervalDoublesUpToT2() {
        Duration d = c.timerE();
        StringBuilder seen = new StringBuilder().append(d.toMillis());
        for (int i = 0; i < 6; i++) {
            d = c.nextRetransmit(d);
            seen.append(',').append(d.toMillis());
        }
        assertThat(seen).hasToString("500,1000,2000,4000,4000,4000,4000");
    }

    @Test
    void timersScaleWithT1() {
        TimerConfig fast = new TimerConfig(ofMillis(100), ofSeconds(1), ofSeconds(2));
        assertThat(fast.timerB()).isEqualTo(ofMillis(6400));
        assertThat(fast.timerL()).isEqualTo(ofMillis(6400));
        assertThat(fast.timerK(false)).isEqualTo(ofSeconds(2));
    }

    @Test
    void rejectsNonPositiveOrT2BelowT1() {
        assertThatThrownBy(() -> new TimerConfig(Duration.ZERO, ofSeconds(4), ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimerConfig(ofSeconds(5), ofSeconds(4), ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
