package io.dialtone.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance: real audio with baresip, both ways. baresip plays a 400 Hz tone, dialtone a
 * 1000 Hz one; each side's recording of what it received must carry the other side's tone, far
 * above the own tone, and not be silence. The first 200 ms (jitter-buffer start-up) are skipped.
 */
@DisplayName("baresip: calls with audio both ways")
class BaresipAudioIT {
    static final double PEER_HZ = 400;
    static final double OUR_HZ = 1000;
    static final int SKIP_MS = 200;
    /** A tone at 0.3 of full scale has an RMS near 7000; silence and comfort noise are far below this. */
    static final double MIN_RMS = 1000;
    /** The wanted tone must beat the other by this much (a clean recording gives far more). */
    static final double MIN_RATIO_DB = 20;
    static final double MIN_SECONDS = 2;

    @Test
    @DisplayName("baresip calls dialtone serve")
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void baresipCallsServe(TestInfo info) throws Exception {
        Baresip.requireInstalled();
        Path logs = LogDirs.of(info);
        Path wav = Wav.writeTone(logs.resolve("tone400.wav"), PEER_HZ, 30, 0.3);
        Path recDir = logs.resolve("dialtone-rec");
        int port = Ports.udpAndTcp();
        Baresip baresip = Baresip.allocate(logs.resolve("baresip"), wav);
        try (DialtoneProcess serve = DialtoneProcess.serve("dialtone-serve", port, logs, "--tone", "1000",
                "--record-dir", recDir.toString(), "--json")) {
            try (PeerProcess caller = baresip.dial("baresip-caller", logs, "sip:dialtone@127.0.0.1:" + port, 5)) {
                assertThat(caller.awaitExit(Duration.ofSeconds(40))).as("baresip exit code; " + caller.describe()
                        + "\n" + serve.describe()).isZero();
            }
            serve.awaitSummaries(1, Duration.ofSeconds(20));
            assertThat(serve.stop()).as("dialtone serve exit code after SIGTERM; " + serve.describe()).isZero();
            CallSummary call = CallSummary.all(serve.summaries()).get(0);
            assertThat(call.status()).as(call.line()).isEqualTo(200);
            assertThat(call.rtpReceived()).as(call.line()).isPositive();

            Path ours = recDir.resolve(call.callId().replaceAll("[^A-Za-z0-9@._-]", "_") + ".wav");
            assertThat(ours).as("dialtone's recording named after the Call-ID").exists();
            assertCarries(ours, PEER_HZ, OUR_HZ);
            assertCarries(baresip.receivedRecording(), OUR_HZ, PEER_HZ);
        }
    }

    @Test
    @DisplayName("dialtone call calls baresip")
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void callCallsBaresip(TestInfo info) throws Exception {
        Baresip.requireInstalled();
        Path logs = LogDirs.of(info);
        Path wav = Wav.writeTone(logs.resolve("tone400.wav"), PEER_HZ, 30, 0.3);
        Path ours = logs.resolve("dialtone-received.wav");
        Baresip baresip = Baresip.allocate(logs.resolve("baresip"), wav);
        try (PeerProcess answerer = baresip.answer("baresip-answerer", logs)) {
            try (PeerProcess call = DialtoneProcess.run("dialtone-call", logs, "call", baresip.uri(), "--tone", "1000",
                    "--record", ours.toString(), "--duration", "4", "--json")) {
                int exit = call.awaitExit(Duration.ofSeconds(40));
                String why = call.describe() + "\n" + answerer.describe();
                List<CallSummary> summaries = CallSummary.all(call.stdout());
                assertThat(summaries).as("one JSON summary; " + why).hasSize(1);
                assertThat(summaries.get(0).status()).as(why).isEqualTo(200);
                assertThat(summaries.get(0).rtpReceived()).as(why).isPositive();
                assertThat(exit).as("dialtone call exit code; " + why).isZero();
            }
            answerer.terminate(Duration.ofSeconds(20)); // SIGTERM: baresip closes its recordings and quits
        }
        assertCarries(ours, PEER_HZ, OUR_HZ);
        assertCarries(baresip.receivedRecording(), OUR_HZ, PEER_HZ);
    }

    /** {@code file} holds audible audio whose energy at {@code expectedHz} dominates {@code otherHz}. */
    static void assertCarries(Path file, double expectedHz, double otherHz) throws Exception {
        assertThat(file).exists();
        short[] samples = Wav.read(file);
        Goertzel.ToneReport r = Goertzel.analyse(file.toString(), samples, Wav.SAMPLE_RATE_HZ, SKIP_MS, expectedHz,
                otherHz);
        Files.writeString(file.resolveSibling(file.getFileName() + ".analysis.txt"), r + "\n");
        assertThat(r.seconds()).as("audio length; " + r).isGreaterThanOrEqualTo(MIN_SECONDS);
        assertThat(r.rms()).as("not silence; " + r).isGreaterThan(MIN_RMS);
        assertThat(r.ratioDb()).as("dominant tone is %.0f Hz; %s", expectedHz, r).isGreaterThan(MIN_RATIO_DB);
    }
}
