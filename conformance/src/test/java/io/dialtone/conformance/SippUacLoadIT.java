package io.dialtone.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance: SIPp's built-in {@code uac} (INVITE, optional 100/180, 200, ACK, BYE, 200) places
 * 500 calls at 50 calls/s on {@code dialtone serve}; every one succeeds, none fails, and SIPp sees
 * no unexpected message, over UDP and over TCP (one connection, {@code -t t1}).
 */
@DisplayName("SIPp uac: 500 calls at 50 cps against dialtone serve")
class SippUacLoadIT {
    static final int CALLS = 500;
    static final int RATE_CPS = 50;

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"udp", "tcp"})
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void everyCallSucceeds(String transport, TestInfo info) throws Exception {
        Sipp.requireInstalled();
        Path logs = LogDirs.of(info, transport);
        int port = Ports.udpAndTcp();
        try (DialtoneProcess serve = DialtoneProcess.serve("dialtone-serve", port, logs, "--json")) {
            List<String> args = new ArrayList<>(List.of("-sn", "uac", "127.0.0.1:" + port,
                    "-p", Integer.toString(Ports.udpAndTcp()), "-mp", Integer.toString(Ports.range(4)),
                    "-m", Integer.toString(CALLS), "-r", Integer.toString(RATE_CPS),
                    "-timeout", "120s", "-timeout_error"));
            if (transport.equals("tcp")) {
                args.addAll(List.of("-t", "t1"));
            }
            try (Sipp.Run sipp = Sipp.start("sipp-uac", logs, args.toArray(String[]::new))) {
                int sippExit = sipp.await(Duration.ofSeconds(150));
                Map<String, String> stats = sipp.finalStats();
                String why = "SIPp statistics " + stats + "\n" + sipp.describe() + "\n" + serve.describe();

                assertThat(sipp.counter(stats, "SuccessfulCall(C)")).as("successful calls; " + why).isEqualTo(CALLS);
                assertThat(sipp.counter(stats, "FailedCall(C)")).as("failed calls; " + why).isZero();
                assertThat(sipp.counter(stats, "FailedUnexpectedMessage(C)")).as("unexpected messages; " + why)
                        .isZero();
                assertThat(sipp.counter(stats, "OutOfCallMsgs(C)")).as("out-of-call messages; " + why).isZero();
                assertThat(sippExit).as("SIPp exit code (0: all calls succeeded); " + why).isZero();
            }
            serve.awaitSummaries(CALLS, Duration.ofSeconds(30));
            assertThat(serve.stop()).as("dialtone serve exit code after SIGTERM; " + serve.describe()).isZero();
            List<CallSummary> calls = CallSummary.all(serve.summaries());
            assertThat(calls).as("one summary per call; " + serve.describe()).hasSize(CALLS)
                    .allSatisfy(c -> assertThat(c.status()).as(c.line()).isEqualTo(200));
        }
    }
}
