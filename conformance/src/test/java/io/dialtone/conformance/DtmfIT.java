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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance (issue 5): DTMF as RFC 4733 telephone-events with baresip 1.0, both ways.
 *
 * <ul>
 * <li>baresip → dialtone: baresip calls {@code dialtone serve}; once the call is up the test sends
 *     baresip's menu command {@code sndcode <digit>} through its {@code ctrl_tcp} module (a netstring
 *     JSON command), one digit at a time, each after serve printed the previous one as
 *     {@code dtmf <Call-ID> <digit>}; serve's JSON summary must carry them all in
 *     {@code "dtmfReceived"}.</li>
 * <li>dialtone → baresip: {@code dialtone call --dtmf DIGITS --dtmf-after 1} calls a baresip that
 *     answers; baresip logs {@code received event: '<digit>' (end=1)} once per digit ended, and must
 *     have logged exactly the digits sent, in order.</li>
 * </ul>
 */
@DisplayName("baresip: DTMF (RFC 4733) both ways")
class DtmfIT {
    private static final Pattern RECEIVED = Pattern.compile("received event: '(.)' \\(end=1\\)");

    @Test
    @DisplayName("baresip sends DTMF to dialtone serve")
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void baresipSendsToServe(TestInfo info) throws Exception {
        Baresip.requireInstalled();
        Path logs = LogDirs.of(info);
        Path wav = Wav.writeTone(logs.resolve("tone400.wav"), 400, 30, 0.3);
        int port = Ports.udpAndTcp();
        Baresip baresip = Baresip.allocate(logs.resolve("baresip"), wav);
        int ctrlPort = BaresipCtrl.enable(baresip.configFile());
        String digits = "159*0#";
        try (DialtoneProcess serve = DialtoneProcess.serve("dialtone-serve", port, logs, "--tone", "1000", "--json")) {
            try (PeerProcess caller = baresip.dial("baresip-caller", logs, "sip:dialtone@127.0.0.1:" + port, 12)) {
                caller.awaitStdout(l -> l.contains("Call established"), Duration.ofSeconds(20));
                try (Socket ctrl = BaresipCtrl.connect(ctrlPort, caller)) {
                    for (char d : digits.toCharArray()) {
                        BaresipCtrl.command(ctrl, "sndcode", String.valueOf(d));
                        serve.process().awaitStdout(l -> l.startsWith("dtmf ") && l.endsWith(" " + d),
                                Duration.ofSeconds(10));
                    }
                }
                assertThat(caller.awaitExit(Duration.ofSeconds(40))).as("baresip exit code; " + caller.describe())
                        .isZero();
            }
            serve.awaitSummaries(1, Duration.ofSeconds(20));
            assertThat(serve.stop()).as("dialtone serve exit code after SIGTERM; " + serve.describe()).isZero();
            CallSummary call = CallSummary.all(serve.summaries()).get(0);
            assertThat(call.status()).as(call.line()).isEqualTo(200);
            assertThat(serve.summaries()).filteredOn(l -> l.startsWith("dtmf "))
                    .as("one line per digit; " + serve.describe())
                    .containsExactlyElementsOf(digits.chars().mapToObj(c -> "dtmf " + call.callId() + " " + (char) c)
                            .toList());
            assertThat(call.line()).contains("\"dtmfReceived\":\"" + digits + "\"");
        }
    }

    @Test
    @DisplayName("dialtone call --dtmf sends DTMF to baresip")
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void callSendsToBaresip(TestInfo info) throws Exception {
        Baresip.requireInstalled();
        Path logs = LogDirs.of(info);
        Path wav = Wav.writeTone(logs.resolve("tone400.wav"), 400, 30, 0.3);
        Baresip baresip = Baresip.allocate(logs.resolve("baresip"), wav);
        String digits = "4567*#D";
        try (PeerProcess answerer = baresip.answer("baresip-answerer", logs)) {
            try (PeerProcess call = DialtoneProcess.run("dialtone-call", logs, "call", baresip.uri(), "--tone", "1000",
                    "--duration", "4", "--dtmf", digits, "--dtmf-after", "1", "--json")) {
                int exit = call.awaitExit(Duration.ofSeconds(40));
                String why = call.describe() + "\n" + answerer.describe();
                List<CallSummary> summaries = CallSummary.all(call.stdout());
                assertThat(summaries).as("one JSON summary; " + why).hasSize(1);
                assertThat(summaries.get(0).status()).as(why).isEqualTo(200);
                assertThat(exit).as("dialtone call exit code (non-zero if the digits were not sent); " + why).isZero();
            }
            StringBuilder got = new StringBuilder();
            for (String l : answerer.stdout()) {
                Matcher m = RECEIVED.matcher(l);
                if (m.find()) {
                    got.append(m.group(1));
                }
            }
            assertThat(got.toString()).as("digits baresip logged as received; " + answerer.describe()).isEqualTo(digits);
            answerer.terminate(Duration.ofSeconds(20));
        }
    }
}
