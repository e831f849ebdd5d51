package io.dialtone.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 3261 §18.2.2: over TCP a response "MUST be sent using the existing connection to the source
 * of the original request". A client connects from an ephemeral port while its Via names another
 * port, where we listen too (as SIPp does without {@code -p}, and any UA behind NAT looks): the
 * response must come back on the request's connection, and no connection may be opened to the Via.
 */
@DisplayName("RFC 3261 §18.2.2: TCP responses use the request's connection")
class Rfc3261TcpResponseIT {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void responseComesBackOnTheRequestsConnection(TestInfo info) throws Exception {
        Path logs = LogDirs.of(info);
        int port = Ports.udpAndTcp();
        int viaPort = Ports.udpAndTcp();
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (DialtoneProcess serve = DialtoneProcess.serve("dialtone-serve", port, logs, "--json");
             ServerSocket viaListener = new ServerSocket(viaPort, 5, lo);
             Socket client = new Socket()) {
            client.connect(new InetSocketAddress(lo, port), 5_000);
            String callId = "rfc3261-18.2.2-" + System.nanoTime() + "@127.0.0.1";
            String options = "OPTIONS sip:service@127.0.0.1:" + port + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/TCP 127.0.0.1:" + viaPort + ";branch=z9hG4bK-conf-" + System.nanoTime() + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:conformance@127.0.0.1:" + viaPort + ">;tag=conf1\r\n"
                    + "To: <sip:service@127.0.0.1:" + port + ">\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Contact: <sip:conformance@127.0.0.1:" + viaPort + ";transport=tcp>\r\n"
                    + "Content-Length: 0\r\n\r\n";
            client.getOutputStream().write(options.getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();

            client.setSoTimeout(10_000); // bounded wait for the response
            String response = readHead(client.getInputStream());
            viaListener.setSoTimeout(200); // anything already queued for accept shows up at once
            boolean viaConnected;
            try (Socket stray = viaListener.accept()) {
                viaConnected = true;
                stray.setSoTimeout(2_000);
                Files.writeString(logs.resolve("via-port-connection.txt"), readHead(stray.getInputStream()));
            } catch (SocketTimeoutException e) {
                viaConnected = false;
            }
            Files.writeString(logs.resolve("response-on-request-connection.txt"), response);
            String why = "client " + client.getLocalSocketAddress() + ", Via port " + viaPort + "; " + serve.describe();
            assertThat(response).as("response on the request's connection; " + why).startsWith("SIP/2.0 200");
            assertThat(viaConnected).as("a connection was opened to the Via sent-by port; " + why).isFalse();
            assertThat(serve.stop()).as("dialtone serve exit code after SIGTERM; " + serve.describe()).isZero();
        }
    }

    /** Reads up to the blank line ending a SIP message head, or "" on timeout/EOF. */
    private static String readHead(InputStream in) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            for (int b; (b = in.read()) >= 0; ) {
                head.write(b);
                String s = head.toString(StandardCharsets.US_ASCII);
                if (s.endsWith("\r\n\r\n")) {
                    return s;
                }
            }
        } catch (SocketTimeoutException e) {
            // no (complete) response in time
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
