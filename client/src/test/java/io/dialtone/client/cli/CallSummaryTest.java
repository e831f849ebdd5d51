package io.dialtone.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallSummaryTest {

    private static CallSummary summary(double rtt, double r, double mos) {
        return new CallSummary("caller", "c1", 200, 12, 5000, 250, 249, 1, 0.5, 0, 0.0, rtt, r, mos, 3, 60, 0,
                "local BYE", "");
    }

    @Test
    void qualityFieldsAreNullWhileUnknown() {
        String json = summary(Double.NaN, Double.NaN, Double.NaN).json();
        assertThat(json).contains("\"rttMs\":null,\"rFactor\":null,\"mos\":null,\"concealed\":3,\"playoutDelayMs\":60");
        assertThat(json).contains("\"sent\":250,\"received\":249,\"lost\":1"); // existing fields kept
        assertThat(summary(Double.NaN, Double.NaN, Double.NaN).text()).contains("R unknown, MOS unknown");
    }

    @Test
    void qualityFieldsAreNumbersWhenKnown() {
        String json = summary(41.25, 86.19, 4.2012).json();
        assertThat(json).contains("\"rttMs\":41.3,\"rFactor\":86.2,\"mos\":4.20,");
        assertThat(CallSummary.failed("caller", "x", 486, "busy").json()).contains("\"rFactor\":null");
    }
}
