package io.dialtone.client;

import io.dialtone.message.SipParser;
import io.dialtone.message.SipResponse;
import io.dialtone.rtp.SilenceSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Overload shedding end to end: a burst of INVITEs at a UserAgent whose handler is slow. Calls it
 * cannot take in time get {@code 503} with {@code Retry-After} from a server transaction (counted
 * in the transport metrics); a retransmitted shed INVITE gets the same 503 again; no INVITE gets
 * both a 503 and a 200.
 */
@DisplayName("Overload: 503 + Retry-After end to end, statefully")
class OverloadIT {
    private static final int INVITES = 120;
    private UserAgent ua;
    private DatagramSocket peer;

    @AfterEach
    void close() {
        if (peer != null) {
            peer.close();
        }
        if (ua != null) {
            ua.close(Duration.ofSeconds(2));
        }
    }

    private byte[] invite(int i) {
        int port = peer.getLocalPort();
        String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        String msg = "INVITE sip:ua@127.0.0.1:" + ua.localAddress().getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bKoverload" + i + "\r\n"
                + "From: <sip:load@127.0.0.1:" + port + ">;tag=f" + i + "\r\n"
                + "To: <sip:ua@127.0.0.1>\r\n"
                + "Call-ID: overload-" + i + "\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <sip:load@127.0.0.1:" + port + ">\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Type: application/sdp\r\n"
                + "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
        return msg.getBytes(StandardCharsets.US_ASCII);
    }

    private void send(byte[] bytes) throws Exception {
        peer.send(new DatagramPacket(bytes, bytes.length, new InetSocketAddress("127.0.0.1", ua.localAddress().getPort())));
    }

    @Test
    void aBurstAtASlowAgentIsPartlyRefusedWith503AndNothingGetsBoth() throws Exception {
        ua = UserAgent.builder().listen("127.0.0.1", 0).userName("ua").media(false)
                .maxExecutorBacklog(3).maxReceiveQueueDelay(Duration.ofMillis(5))
                .onIncomingCall(in -> {
                    try {
                        Thread.sleep(5);                 // a slow application: the backlog builds
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    in.answer(SilenceSource.INSTANCE, (frame, samples) -> { });
                })
                .start();
        peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        peer.setSoTimeout(3000);
        for (int i = 0; i < INVITES; i++) {
            send(invite(i));
        }

        Map<String, Set<Integer>> finals = new HashMap<>();
        Map<String, SipResponse> refusals = new HashMap<>();
        DatagramPacket in = new DatagramPacket(new byte[65535], 65535);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (finals.size() < INVITES && System.nanoTime() < deadline) {
            try {
                peer.receive(in);
            } catch (SocketTimeoutException e) {
                break;
            }
            SipResponse r = (SipResponse) SipParser.parse(Arrays.copyOf(in.getData(), in.getLength()));
            if (r.statusCode() >= 200) {
                finals.computeIfAbsent(r.callId(), k -> new HashSet<>()).add(r.statusCode());
                if (r.statusCode() == 503) {
                    refusals.put(r.callId(), r);
                }
            }
        }

        assertThat(finals).hasSize(INVITES);                                  // every INVITE answered
        assertThat(finals.values()).allSatisfy(s -> assertThat(s).hasSize(1)); // 200 or 503, never both
        assertThat(refusals).isNotEmpty();
        assertThat(finals.values().stream().filter(s -> s.contains(200)).count()).isPositive();
        assertThat(refusals.values()).allSatisfy(r -> assertThat(r.header("Retry-After")).isPresent());
        assertThat(ua.transportMetrics().shed()).isEqualTo(refusals.size());

        String shedCallId = refusals.keySet().iterator().next();            // retransmitted: the same 503
        int n = Integer.parseInt(shedCallId.substring("overload-".length()));
        send(invite(n));
        SipResponse again;
        do {
            peer.receive(in);
            again = (SipResponse) SipParser.parse(Arrays.copyOf(in.getData(), in.getLength()));
        } while (!again.callId().equals(shedCallId));
        assertThat(again.statusCode()).isEqualTo(503);
        assertThat(again.toTag()).isEqualTo(refusals.get(shedCallId).toTag());
        assertThat(ua.transportMetrics().shed()).isEqualTo(refusals.size());
    }
}
