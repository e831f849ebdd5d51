package io.dialtone.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6, "baresip: hold/resume ... both ways" (RFC 3264 §8.4): a re-INVITE offering
 * {@code a=sendonly} is answered {@code a=recvonly}, and the held side stops sending RTP until a
 * {@code a=sendrecv} re-offer resumes the call (the holder may go on sending, e.g. music on hold).
 *
 * <ul>
 * <li>dialtone holds: {@code dialtone call --hold-after 2 --resume-after 4 --duration 6} to a
 *     baresip that answers. baresip's SIP trace shows our sendonly offer, its recvonly answer and
 *     our sendrecv re-offer; baresip sent RTP for only about 4 of the 6 seconds, while we (the
 *     holder, sendonly) kept sending.</li>
 * <li>baresip holds: baresip calls {@code dialtone serve}; the test sends baresip's {@code hold}
 *     and {@code resume} commands over ctrl_tcp. baresip's trace shows serve's recvonly answer, and
 *     serve sent RTP for less time than the call lasted.</li>
 * </ul>
 */
@DisplayName("baresip: hold and resume both ways (RFC 3264 §8.4)")
class BaresipHoldIT {
    /** Packets per second at 20 ms ptime. */
    private static final int PPS = 50;

    @Test
    @DisplayName("dialtone call --hold-after/--resume-after holds baresip and resumes")
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void dialtoneHoldsBaresip(TestInfo info) throws Exception {
        Baresip.requireInstalled();
        Path logs = LogDirs.of(info);
        Baresip baresip = Baresip.allocate(logs.resolve("baresip"), Wav.writeTone(logs.resolve("tone400.wav"), 400, 30, 0.3));
        try (PeerProcess answerer = baresip.answer("baresip-answerer", logs)) {
            try (PeerProcess call = DialtoneProcess.run("dialtone-call", logs, "call", baresip.uri(), "--tone", "1000",
                    "--hold-after", "2", "--resume-after", "4", "--duration", "6", "--json")) {
                int exit = call.awaitExit(Duration.ofSeconds(40));
                String why = call.describe() + "\n" + answerer.describe();
                List<CallSummary> summaries = CallSummary.all(call.stdout());
                assertThat(summaries).as("one JSON summary; " + why).hasSize(1);
                assertThat(summaries.get(0).status()).as(why).isEqualTo(200);
                assertThat(exit).as("dialtone call exit code; " + why).isZero();
                // §8.4: the holder (sendonly) keeps sending, e.g. music on hold; the held side (recvonly) stops
                assertThat(summaries.get(0).rtpReceived()).as("baresip stopped sending for the 2 s it was held: "
                        + "about 4 s of its RTP in 6 s; " + why).isBetween(3L * PPS, 5L * PPS);
                assertThat(summaries.get(0).rtpSent()).as("we kept sending while holding; " + why)
                        .isGreaterThan((long) (5.5 * PPS));
            }
            String trace = String.join("\n", answerer.stdout());
            int sendonly = trace.indexOf("a=sendonly");
            int recvonly = trace.indexOf("a=recvonly", Math.max(sendonly, 0));
            int resumed = trace.indexOf("a=sendrecv", Math.max(recvonly, 0));
            assertThat(sendonly).as("our hold offer reached baresip; " + answerer.describe()).isPositive();
            assertThat(recvonly).as("baresip answered recvonly after our sendonly offer").isGreaterThan(sendonly);
            assertThat(resumed).as("our sendrecv re-offer resumed the call").isGreaterThan(recvonly);
            answerer.terminate(Duration.ofSeconds(20));
        }
    }

    @Test
    @DisplayName("baresip holds dialtone serve and resumes")
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void baresipHoldsDialtone(TestInfo info) throws Exception {
        Baresip.requireInstalled();
        Path logs = LogDirs.of(info);
        Baresip baresip = Baresip.allocate(logs.resolve("baresip"), Wav.writeTone(logs.resolve("tone400.wav"), 400, 30, 0.3));
        int ctrlPort = BaresipCtrl.enable(baresip.configFile());
        int port = Ports.udpAndTcp();
        try (DialtoneProcess serve = DialtoneProcess.serve("dialtone-serve", port, logs, "--tone", "1000", "--json")) {
            try (PeerProcess caller = baresip.dial("baresip-caller", logs, "sip:dialtone@127.0.0.1:" + port, 9)) {
                caller.awaitStdout(l -> l.contains("Call established"), Duration.ofSeconds(20));
                try (Socket ctrl = BaresipCtrl.connect(ctrlPort, caller)) {
                    Thread.sleep(1500); // talk for a while, then hold for 3 s; the test drives a peer by wall clock
                    BaresipCtrl.command(ctrl, "hold", "");
                    Thread.sleep(3000);
                    BaresipCtrl.command(ctrl, "resume", "");
                }
                assertThat(caller.awaitExit(Duration.ofSeconds(40))).as("baresip exit code; " + caller.describe()).isZero();
                String trace = String.join("\n", caller.stdout());
                int sendonly = trace.indexOf("a=sendonly");
                assertThat(sendonly).as("baresip offered sendonly; " + caller.describe()).isPositive();
                assertThat(trace.indexOf("a=recvonly", sendonly)).as("serve answered recvonly; " + caller.describe())
                        .isGreaterThan(sendonly);
            }
            serve.awaitSummaries(1, Duration.ofSeconds(20));
            assertThat(serve.stop()).as("dialtone serve exit code; " + serve.describe()).isZero();
            CallSummary call = CallSummary.all(serve.summaries()).get(0);
            assertThat(call.status()).as(call.line()).isEqualTo(200);
            long callSeconds = Math.max(1, call.line().contains("\"durationMs\":")
                    ? Long.parseLong(call.line().replaceAll(".*\"durationMs\":(\\d+).*", "$1")) / 1000 : 9);
            assertThat(call.rtpSent()).as("serve, the held side, stopped sending while held (about 3 s of %d s); %s", callSeconds, call.line())
                    .isLessThan((callSeconds - 2) * PPS);
        }
    }
}
