package io.dialtone.transport.internal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Overload shedding: 503 + Retry-After (RFC 3261 §21.5.4, §20.33)")
class OverloadSheddingTest {

    @ParameterizedTest(name = "{0} toTag={1} backlog={2} max={3} -> {4}")
    @CsvSource({
            "INVITE,   false, 2001, 2000, true",   // new call over the limit
            "INVITE,   false, 2000, 2000, false",  // at the limit: still accepted
            "INVITE,   false,    0, 2000, false",
            "INVITE,   true,  9999, 2000, false",  // re-INVITE inside a dialog finishes/keeps a call
            "ACK,      false, 9999, 2000, false",  // ACK is never answered (§17.2.1)
            "ACK,      true,  9999, 2000, false",
            "CANCEL,   false, 9999, 2000, false",  // CANCEL ends a call in progress
            "BYE,      true,  9999, 2000, false",
            "OPTIONS,  false, 9999, 2000, false",  // only INVITE creates the load worth shedding
            "REGISTER, false, 9999, 2000, false",
            "INVITE,   false, 9999,    0, false",  // 0 disables shedding
    })
    void decision(String method, boolean hasToTag, int backlog, int max, boolean shed) {
        assertThat(OverloadShedding.shouldShed(method, hasToTag, backlog, max)).isEqualTo(shed);
    }

    @ParameterizedTest(name = "{0} toTag={1} queued {2} ms, max {3} ms -> {4}")
    @CsvSource({
            "INVITE,  false, 201, 200, true",     // requests have waited in the kernel over the limit
            "INVITE,  false, 200, 200, false",
            "INVITE,  false,   0, 200, false",
            "INVITE,  true,  999, 200, false",    // inside a dialog
            "BYE,     true,  999, 200, false",
            "ACK,     false, 999, 200, false",
            "CANCEL,  false, 999, 200, false",
            "INVITE,  false, 999,   0, false",    // 0 disables the rule
    })
    void decisionAtTheSocket(String method, boolean hasToTag, long queuedMs, long maxMs, boolean shed) {
        assertThat(OverloadShedding.shouldShedAtSocket(method, hasToTag, queuedMs * 1_000_000, maxMs * 1_000_000))
                .isEqualTo(shed);
    }
}
