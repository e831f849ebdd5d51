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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance: {@code dialtone call} completes a call against SIPp's built-in {@code uas}
 * (100, 180, 200; waits for ACK; answers the BYE): dialtone exits 0 and reports status 200, and
 * SIPp, run for exactly one call, exits 0.
 */
@DisplayName("dialtone call against SIPp uas")
class SippUasCallIT {

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"udp", "tcp"})
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void callCompletes(String transport, TestInfo info) throws Exception {
        Sipp.requireInstalled();
        Path logs = LogDirs.of(info, transport);
        int sippPort = Ports.udpAndTcp();
        List<String> args = new ArrayList<>(List.of("-sn", "uas", "-p", Integer.toString(sippPort),
                "-mp", Integer.toString(Ports.range(4)), "-m", "1", "-timeout", "60s", "-timeout_error"));
        if (transport.equals("tcp")) {
            args.addAll(List.of("-t", "t1"));
        }
        try (Sipp.Run sipp = Sipp.start("sipp-uas", logs, args.toArray(String[]::new))) {
            if (transport.equals("tcp")) {
                Ports.awaitTcpListening(sippPort, sipp.process(), Duration.ofSeconds(20));
            } else {
                Ports.awaitUdpBound(sippPort, sipp.process(), Duration.ofSeconds(20));
            }
            try (PeerProcess call = DialtoneProcess.run("dialtone-call", logs, "call",
                    "sip:service@127.0.0.1:" + sippPort, "--transport", transport, "--duration", "1", "--json")) {
                int exit = call.awaitExit(Duration.ofSeconds(60));
                String why = call.describe() + "\n" + sipp.describe();
                List<CallSummary> summaries = CallSummary.all(call.stdout());
                assertThat(summaries).as("one JSON summary; " + why).hasSize(1);
                assertThat(summaries.get(0).role()).isEqualTo("caller");
                assertThat(summaries.get(0).status()).as("final status; " + why).isEqualTo(200);
                assertThat(exit).as("dialtone call exit code; " + why).isZero();
            }
            assertThat(sipp.await(Duration.ofSeconds(30))).as("SIPp exit code; " + sipp.describe()).isZero();
        }
    }
}
