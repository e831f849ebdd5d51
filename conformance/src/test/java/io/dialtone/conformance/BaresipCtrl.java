package io.dialtone.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * baresip's {@code ctrl_tcp} control port: menu commands ({@code sndcode 5}, {@code hold},
 * {@code resume}, ...) as netstring-framed JSON, for tests that make baresip act mid-call.
 */
final class BaresipCtrl {
    private BaresipCtrl() {
    }

    /** Loads baresip's {@code ctrl_tcp} module on a free port (appended to the config {@link Baresip} wrote). */
    static int enable(Path config) throws IOException {
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
    static Socket connect(int port, PeerProcess owner) throws Exception {
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
    static void command(Socket s, String command, String params) throws IOException {
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
