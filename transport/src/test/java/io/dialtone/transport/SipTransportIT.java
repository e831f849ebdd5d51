package io.dialtone.transport;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMessage;
import io.dialtone.message.SipParser;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §18 over loopback: two transports, UDP and TCP")
class SipTransportIT {
    record Received(SipMessage message, Inbound source, CallExecutor executor, boolean inExecutor) {}

    static final class Recorder implements TransportListener {
        final CallExecutor executor;
        final BlockingQueue<Received> queue;

        Recorder(CallExecutor executor, BlockingQueue<Received> queue) {
            this.executor = executor;
            this.queue = queue;
        }

        @Override
        public void onRequest(SipRequest request, Inbound source) {
            queue.add(new Received(request, source, executor, executor.inExecutor()));
        }

        @Override
        public void onResponse(SipResponse response, Inbound source) {
            queue.add(new Received(response, source, executor, executor.inExecutor()));
        }
    }

    final BlockingQueue<Received> aIn = new LinkedBlockingQueue<>();
    final BlockingQueue<Received> bIn = new LinkedBlockingQueue<>();
    SipTransport a;
    SipTransport b;

    static TransportConfig config() {
        return TransportConfig.builder().host("127.0.0.1").port(0).callExecutors(2).build();
    }

    @BeforeEach
    void start() {
        a = SipTransport.start(config(), ex -> new Recorder(ex, aIn));
        b = SipTransport.start(config(), ex -> new Recorder(ex, bIn));
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    static Received take(BlockingQueue<Received> q) throws InterruptedException {
        Received r = q.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("message within 5 s").isNotNull();
        return r;
    }

    SipRequest options(String transport, String callId) {
        ListeningPoint from = a.listeningPoint(transport);
        ListeningPoint to = b.listeningPoint(transport);
        return SipRequest.builder("OPTIONS", SipUri.of("bob", to.host(), to.port()))
                .addVia(Via.of(transport, from.host(), from.port(), Via.MAGIC_COOKIE + callId))
                .from(NameAddr.of(SipUri.of("alice", from.host(), from.port())).withTag("a1"))
                .to(NameAddr.of(SipUri.of("bob", to.host(), to.port())))
                .callId(callId)
                .cseq(1, "OPTIONS")
                .maxForwards(70)
                .build();
    }

    void exchange(String transport, String callId) throws Exception {
        SipRequest request = options(transport, callId);
        Destination dest = new Destination(transport, b.listeningPoint(transport).address());
        a.sendRequest(request, dest).get(5, TimeUnit.SECONDS);

        Received atB = take(bIn);
        assertThat(atB.executor()).isSameAs(b.executorFor(callId));
        assertThat(atB.inExecutor()).isTrue();
        SipRequest got = (SipRequest) atB.message();
        assertThat(got.callId()).isEqualTo(callId);
        assertThat(atB.source().transport()).isEqualTo(transport);
        assertThat(got.topVia().received()).isEqualTo("127.0.0.1"); // RFC 3581 §4: always with rport
        assertThat(got.topVia().rport()).hasValue(atB.source().remote().getPort());
        if (transport.equals("UDP")) { // sent from the listening socket
            assertThat(atB.source().remote().getPort()).isEqualTo(a.listeningPoint("UDP").port());
        }

        b.sendResponse(SipResponse.to(got, 200).toTag("b1").build()).get(5, TimeUnit.SECONDS);
        Received atA = take(aIn);
        assertThat(atA.executor()).isSameAs(a.executorFor(callId));
        assertThat(atA.inExecutor()).isTrue();
        assertThat(((SipResponse) atA.message()).statusCode()).isEqualTo(200);
        assertThat(atA.message().to().tag()).isEqualTo("b1");
    }

    @Test
    void listensOnUdpAndTcpOnTheSamePort() {
        assertThat(a.listeningPoints()).extracting(ListeningPoint::transport).containsExactly("UDP", "TCP");
        assertThat(a.listeningPoint("UDP").port()).isPositive().isEqualTo(a.listeningPoint("TCP").port());
        assertThat(a.executors()).hasSize(2);
        assertThat(a.executorFor("x")).isSameAs(a.executorFor("x"));
    }

    @Test
    void anIpv4ListenAddressGetsAnIpv4UdpSocket() throws Exception {
        // The kernel lists IPv4 sockets in /proc/net/udp and IPv6 ones (dual-stack included) in udp6.
        String local = String.format("0100007F:%04X", a.listeningPoint("UDP").port()); // 127.0.0.1, little-endian
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/net/udp"))).contains(local);
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/net/udp6")))
                .doesNotContain(String.format(":%04X ", a.listeningPoint("UDP").port()));
        requestAndResponseOverUdp();
    }

    @Test
    void requestAndResponseOverUdp() throws Exception {
        exchange("UDP", "udp-call-1");
        exchange("UDP", "udp-call-2");
        assertThat(b.metrics().messagesIn()).isEqualTo(2);
        assertThat(b.metrics().messagesOut()).isEqualTo(2);
    }

    @Test
    void requestAndResponseOverTcpReuseTheConnection() throws Exception {
        exchange("TCP", "tcp-call-1");
        exchange("TCP", "tcp-call-2");
        assertThat(a.connections.size()).isEqualTo(1);
    }

    @Test
    void executorRunsScheduledTasksOnItsThread() throws Exception {
        CallExecutor ex = a.executors().get(1);
        var ran = new java.util.concurrent.CompletableFuture<Boolean>();
        ex.schedule(java.time.Duration.ofMillis(1), () -> ran.complete(ex.inExecutor()));
        assertThat(ran.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ex.schedule(java.time.Duration.ofHours(1), () -> {}).cancel()).isTrue();
    }

    @Test
    void tcpConnectFailureFailsTheFuture() throws Exception {
        InetSocketAddress closedPort;
        try (var s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = (InetSocketAddress) s.getLocalSocketAddress();
        }
        var f = a.sendRequest(options("TCP", "refused"), Destination.tcp(closedPort));
        assertThat(f).failsWithin(5, TimeUnit.SECONDS)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(TransportException.class);
    }

    @Test
    void garbageDatagramGets400OrIsDropped() throws Exception {
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(5000);
            InetSocketAddress to = b.listeningPoint("UDP").address();
            byte[] noise = {1, 2, 3, 'x', '\r', '\n', '\r', '\n'};
            peer.send(new DatagramPacket(noise, noise.length, to));
            String bad = "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + peer.getLocalPort() + ";branch=z9hG4bKbad\r\n"
                    + "From: <sip:alice@127.0.0.1>;tag=x\r\nTo: <sip:bob@127.0.0.1>\r\n"
                    + "Call-ID: bad-1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: many\r\n\r\n";
            byte[] bytes = bad.getBytes(StandardCharsets.US_ASCII);
            peer.send(new DatagramPacket(bytes, bytes.length, to));

            DatagramPacket in = new DatagramPacket(new byte[65535], 65535);
            peer.receive(in);
            SipResponse r = (SipResponse) SipParser.parse(Arrays.copyOf(in.getData(), in.getLength()));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.reasonPhrase()).contains("Max-Forwards");
            assertThat(r.callId()).isEqualTo("bad-1");
        }
        assertThat(b.metrics().parseErrors()).isEqualTo(2);
        assertThat(b.metrics().dropped()).isEqualTo(1);
        assertThat(bIn).isEmpty();
    }

    @Test
    void responseWithForeignViaIsDropped() throws Exception {
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            String rsp = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:1;branch=z9hG4bKx\r\n"
                    + "From: <sip:a@h>;tag=1\r\nTo: <sip:b@h>;tag=2\r\nCall-ID: foreign\r\nCSeq: 1 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = rsp.getBytes(StandardCharsets.US_ASCII);
            peer.send(new DatagramPacket(bytes, bytes.length, b.listeningPoint("UDP").address()));
        }
        // a request sent afterwards from the same transport arrives after the dropped response (one UDP socket)
        exchangeOneWay();
        assertThat(b.metrics().dropped()).isEqualTo(1);
    }

    private void exchangeOneWay() throws Exception {
        a.sendRequest(options("UDP", "after"), Destination.udp(b.listeningPoint("UDP").address())).get(5, TimeUnit.SECONDS);
        assertThat(take(bIn).message().callId()).isEqualTo("after");
    }

    @Test
    void tcpMessageWithoutContentLengthGets400AndTheConnectionCloses() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(b.listeningPoint("TCP").address(), 5000);
            s.setSoTimeout(5000);
            String bad = "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
                    + "Via: SIP/2.0/TCP 127.0.0.1:" + s.getLocalPort() + ";branch=z9hG4bKtcp;rport\r\n"
                    + "From: <sip:alice@127.0.0.1>;tag=x\r\nTo: <sip:bob@127.0.0.1>\r\n"
                    + "Call-ID: bad-tcp\r\nCSeq: 1 OPTIONS\r\n\r\n";
            s.getOutputStream().write(bad.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all); // until the server closes
            SipResponse r = (SipResponse) SipParser.parse(all.toByteArray());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.callId()).isEqualTo("bad-tcp");
        }
    }
}
