package io.dialtone.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
        int ctrlPort = enableCtrlTcp(baresip.configFile());
        String digits = "159*0#";
        try (DialtoneProcess serve = DialtoneProcess.serve("dialtone-serve", port, logs, "--tone", "1000", "--json")) {
            try (PeerProcess caller = baresip.dial("baresip-caller", logs, "sip:dialtone@127.0.0.1:" + port, 12)) {
                caller.awaitStdout(l -> l.contains("Call established"), Duration.ofSeconds(20));
                try (Socket ctrl = connect(ctrlPort, caller)) {
                    for (char d : digits.toCharArray()) {
                        command(ctrl, "sndcode", String.valueOf(d));
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

    /** Loads baresip's {@code ctrl_tcp} module on a free port (appended to the config {@link Baresip} wrote). */
    private static int enableCtrlTcp(Path config) throws IOException {
        if (!Files.exists(Path.of(Baresip.MODULE_PATH, "ctrl_tcp.so"))) {
            throw new AssertionError("baresip module " + Baresip.MODULE_PATH + "/ctrl_tcp.so is missing: install "
                    + "baresip's modules (Debian/Ubuntu: apt-get install baresip) and run again (CI installs them).");
        }
        int port = Ports.udpAndTcp();
        Files.writeString(config, "module_app\t\tctrl_tcp.so\nctrl_tcp_listen\t\t127.0.0.1:" + port + "\n",
                StandardOpenOption.APPEND);
        return port;
    }

    /** Connects to baresip's control port, retrying (bounded) until it listens. */
    private static Socket connect(int port, PeerProcess owner) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                s.setSoTimeout(5000);
                return s;
            } catch (IOException e) {
                s.close();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("baresip ctrl_tcp not listening on " + port + "; " + owner.describe(), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Sends one ctrl_tcp command (netstring-framed JSON) and checks its response says ok. */
    private static void command(Socket s, String command, String params) throws IOException {
        String json = "{\"command\":\"" + command + "\",\"params\":\"" + params + "\",\"token\":\"t\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = s.getOutputStream();
        out.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.write(',');
        out.flush();
        String response;
        do { // ctrl_tcp also sends events ({"event":true,...}) on the connection: skip to the response
            response = readNetstring(s.getInputStream());
        } while (!response.contains("\"response\":true"));
        assertThat(response).as("baresip's answer to " + json).contains("\"ok\":true");
    }

    private static String readNetstring(InputStream in) throws IOException {
        int len = 0;
        for (int c; (c = in.read()) != ':'; ) {
            if (c < '0' || c > '9') {
                throw new IOException("bad netstring length byte " + c);
            }
            len = len * 10 + (c - '0');
        }
        byte[] b = in.readNBytes(len + 1); // payload and ','
        return new String(b, 0, Math.min(len, b.length), StandardCharsets.UTF_8);
    }
}
