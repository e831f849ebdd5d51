package io.dialtone.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance: RFC 4028 session timers on {@code dialtone serve}, driven by our SIPp scenarios
 * ({@code src/test/resources/sipp/rfc4028-*.xml}, one call each). The refresh cases wait for the
 * refresh at half the 90 s interval, so this class's tests run concurrently with each other (not
 * with other classes), each with its own serve and SIPp on their own ports.
 */
@DisplayName("RFC 4028 session timers")
class Rfc4028SessionTimerIT {

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @DisplayName("§9: Session-Expires below Min-SE is answered 422 with Min-SE: 90")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void tooSmallIntervalGets422(TestInfo info) throws Exception {
        List<CallSummary> calls = runScenario(info, "rfc4028-422.xml", Duration.ofSeconds(30), 0);
        assertThat(calls).as("the rejected INVITE is logged as unanswered").allSatisfy(
                c -> assertThat(c.status()).as(c.line()).isEqualTo(422));
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @DisplayName("§9, §10: refresher=uas, peer allows UPDATE: we refresh with UPDATE within 90 s")
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void uasRefreshesWithUpdate(TestInfo info) throws Exception {
        assertRefreshed(runScenario(info, "rfc4028-refresher-uas.xml", Duration.ofSeconds(120), 1));
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    @DisplayName("§9, §10: refresher=uas, peer does not allow UPDATE: we refresh with re-INVITE within 90 s")
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void uasRefreshesWithReinvite(TestInfo info) throws Exception {
        assertRefreshed(runScenario(info, "rfc4028-refresher-uas-reinvite.xml", Duration.ofSeconds(120), 1));
    }

    private static void assertRefreshed(List<CallSummary> calls) {
        assertThat(calls).as("serve's call summaries").singleElement().satisfies(c -> {
            assertThat(c.status()).as(c.line()).isEqualTo(200);
            assertThat(c.sessionRefreshes()).as("refreshes: " + c.line()).isPositive();
            assertThat(c.end()).as("ended by SIPp's BYE: " + c.line()).isEqualTo("remote BYE");
        });
    }

    /**
     * Runs one SIPp scenario for one call against a fresh {@code dialtone serve}; asserts SIPp
     * exits 0 with one successful call, waits for serve's {@code summaries} call summaries, and
     * asserts serve exits 0 on SIGTERM. Returns serve's summaries.
     */
    private static List<CallSummary> runScenario(TestInfo info, String scenario, Duration sippTimeout, int summaries)
            throws Exception {
        Sipp.requireInstalled();
        Path logs = LogDirs.of(info);
        int port = Ports.udpAndTcp();
        try (DialtoneProcess serve = DialtoneProcess.serve("dialtone-serve", port, logs, "--json")) {
            try (Sipp.Run sipp = Sipp.start("sipp", logs, "127.0.0.1:" + port, "-sf", Sipp.scenario(scenario).toString(),
                    "-p", Integer.toString(Ports.udpAndTcp()), "-mp", Integer.toString(Ports.range(4)),
                    "-m", "1", "-timeout", sippTimeout.toSeconds() + "s", "-timeout_error")) {
                int exit = sipp.await(sippTimeout.plusSeconds(30));
                Map<String, String> stats = sipp.finalStats();
                String why = "SIPp statistics " + stats + "\n" + sipp.describe() + "\n" + serve.describe();
                assertThat(sipp.counter(stats, "SuccessfulCall(C)")).as("successful calls; " + why).isEqualTo(1);
                assertThat(sipp.counter(stats, "FailedCall(C)")).as("failed calls; " + why).isZero();
                assertThat(exit).as("SIPp exit code for " + scenario + "; " + why).isZero();
            }
            if (summaries > 0) {
                serve.awaitSummaries(summaries, Duration.ofSeconds(20));
            }
            assertThat(serve.stop()).as("dialtone serve exit code after SIGTERM; " + serve.describe()).isZero();
            return CallSummary.all(serve.summaries());
        }
    }
}
