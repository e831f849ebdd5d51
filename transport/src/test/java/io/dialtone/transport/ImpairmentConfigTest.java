package io.dialtone.transport;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("--impair specification")
class ImpairmentConfigTest {

    @Test
    void parsesEveryKey() {
        ImpairmentConfig c = ImpairmentConfig.parse("loss=20%,delay=20ms,jitter=10ms,dup=1%,reorder=1%,seed=42");
        assertThat(c).isEqualTo(new ImpairmentConfig(20, 20, 10, 1, 1, 42));
        assertThat(c.enabled()).isTrue();
    }

    @Test
    void unitsAreOptionalAndOrderIsFree() {
        assertThat(ImpairmentConfig.parse(" seed=-7 , reorder=0.5 , delay=1s, loss=2.5"))
                .isEqualTo(new ImpairmentConfig(2.5, 1000, 0, 0, 0.5, -7));
    }

    @Test
    void withoutSeedPicksOneThatReproduces() {
        ImpairmentConfig c = ImpairmentConfig.parse("loss=20%");
        assertThat(c.lossPercent()).isEqualTo(20);
        assertThat(ImpairmentConfig.parse(c.toString())).isEqualTo(c);
    }

    @Test
    void toStringRoundTrips() {
        ImpairmentConfig c = new ImpairmentConfig(20, 20, 10, 1.5, 1, 42);
        assertThat(c.toString()).isEqualTo("loss=20%,delay=20ms,jitter=10ms,dup=1.5%,reorder=1%,seed=42");
        assertThat(ImpairmentConfig.parse(c.toString())).isEqualTo(c);
    }

    @Test
    void noneAndEmptyAreDisabled() {
        assertThat(ImpairmentConfig.parse("none")).isEqualTo(ImpairmentConfig.none());
        assertThat(ImpairmentConfig.parse("")).isEqualTo(ImpairmentConfig.none());
        assertThat(ImpairmentConfig.none().enabled()).isFalse();
        assertThat(ImpairmentConfig.parse("loss=0,seed=3").enabled()).isFalse();
        assertThat(TransportConfig.defaults().impairment()).isEqualTo(ImpairmentConfig.none());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "loss=abc|'loss=abc'",
            "loss=120%|'loss=120%'",
            "loss=-1%|'loss=-1%'",
            "delay=5min|'delay=5min'",
            "delay=-3ms|'delay=-3ms'",
            "jitter=99999s|'jitter=99999s'",
            "loss=1%,bogus=3|unknown key 'bogus'",
            "loss=1%,loss=2%|given twice",
            "loss=1%,,dup=1%|expected key=value",
            "loss|'loss'",
            "seed=x|'seed=x'",
            "loss=|'loss='"})
    void badItemIsNamed(String spec, String message) {
        assertThatThrownBy(() -> ImpairmentConfig.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void recordRejectsOutOfRangeValues() {
        assertThatThrownBy(() -> new ImpairmentConfig(Double.NaN, 0, 0, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loss");
        assertThatThrownBy(() -> new ImpairmentConfig(0, 0, -1, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitter");
    }
}
