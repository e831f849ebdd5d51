package io.dialtone.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Acceptance: {@code dialtone demo} exits 0 and prints both summaries, each side having received RTP. */
@DisplayName("dialtone demo")
class DemoIT {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void audioFlowsBothWays(TestInfo info) throws Exception {
        Path logs = LogDirs.of(info);
        try (PeerProcess demo = DialtoneProcess.run("dialtone-demo", logs, "demo", "--duration", "2", "--json")) {
            int exit = demo.awaitExit(Duration.ofSeconds(45));
            String why = demo.describe();
            List<CallSummary> calls = CallSummary.all(demo.stdout());
            assertThat(calls).as("caller and callee summaries; " + why)
                    .extracting(CallSummary::role).containsExactlyInAnyOrder("caller", "callee");
            assertThat(calls).as(why).allSatisfy(c -> {
                assertThat(c.status()).as(c.line()).isEqualTo(200);
                assertThat(c.rtpSent()).as("RTP sent: " + c.line()).isPositive();
                assertThat(c.rtpReceived()).as("RTP received: " + c.line()).isPositive();
            });
            assertThat(calls.get(0).callId()).as("one call").isEqualTo(calls.get(1).callId());
            assertThat(demo.stdout()).as(why).contains("demo: OK, audio flowed both ways");
            assertThat(exit).as("dialtone demo exit code; " + why).isZero();
        }
    }
}
