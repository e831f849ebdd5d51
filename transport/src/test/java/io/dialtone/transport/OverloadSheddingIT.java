package io.dialtone.transport;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipParser;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Overload shedding over loopback, with the backlog forced deterministically: the call executor
 * that is not reading the UDP socket is blocked on a latch and given more queued tasks than a tiny
 * {@link TransportConfig#maxExecutorBacklog()}. No sleeps: every wait is on a latch or a socket.
 */
@DisplayName("Overload shedding: new INVITEs to a backlogged executor get 503 + Retry-After")
class OverloadSheddingIT {
    static final int MAX_BACKLOG = 3;

    final BlockingQueue<SipRequest> delivered = new LinkedBlockingQueue<>();
    final CountDownLatch release = new CountDownLatch(1);
    SipTransport transport;
    DatagramSocket peer;

    @BeforeEach
    void start() throws Exception {
        TransportConfig cfg = TransportConfig.builder().port(0).callExecutors(2)
                .maxExecutorBacklog(MAX_BACKLOG).retryAfterSeconds(7).build();
        transport = SipTransport.start(cfg, ex -> new TransportListener() {
            @Override
            public void onRequest(SipRequest request, Inbound source) {
                delivered.add(request);
            }

            @Override
            public void onResponse(SipResponse response, Inbound source) {}
        });
        peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        peer.setSoTimeout(5000);
    }

    @AfterEach
    void stop() {
        release.countDown();
        peer.close();
        transport.close();
    }

    /** Blocks the executor that does not read UDP and queues {@code MAX_BACKLOG + 2} tasks on it. */
    CallExecutor backlogged() throws InterruptedException {
        CallExecutor reader = transport.udpReader();
        CallExecutor blocked = transport.executors().stream().filter(e -> e != reader).findFirst().orElseThrow();
        CountDownLatch running = new CountDownLatch(1);
        blocked.execute(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < MAX_BACKLOG + 2; i++) {
            blocked.execute(() -> {});
        }
        assertThat(blocked.pendingTasks()).isGreaterThan(MAX_BACKLOG);
        return blocked;
    }

    String callIdOn(CallExecutor executor) {
        for (int i = 0; ; i++) {
            String id = "shed-" + i;
            if (transport.executorFor(id) == executor) {
                return id;
            }
        }
    }

    SipRequest request(String method, String callId, String toTag) {
        InetSocketAddress to = transport.listeningPoint("UDP").address();
        NameAddr toAddr = NameAddr.of(SipUri.of("bob", to.getHostString(), to.getPort()));
        return SipRequest.builder(method, SipUri.of("bob", to.getHostString(), to.getPort()))
                .addVia(Via.of("UDP", "127.0.0.1", peer.getLocalPort(), Via.MAGIC_COOKIE + method + callId))
                .from(NameAddr.of(SipUri.of("alice", "127.0.0.1", peer.getLocalPort())).withTag("a1"))
                .to(toTag == null ? toAddr : toAddr.withTag(toTag))
                .callId(callId)
                .cseq(method.equals("BYE") ? 2 : 1, method)
                .maxForwards(70)
                .build();
    }

    void send(SipRequest r) throws Exception {
        byte[] bytes = r.toBytes();
        peer.send(new DatagramPacket(bytes, bytes.length, transport.listeningPoint("UDP").address()));
    }

    SipResponse receive() throws Exception {
        DatagramPacket in = new DatagramPacket(new byte[65535], 65535);
        peer.receive(in);
        return (SipResponse) SipParser.parse(Arrays.copyOf(in.getData(), in.getLength()));
    }

    @Test
    void newInviteIsAnswered503WithRetryAfterAndInDialogRequestsStillPass() throws Exception {
        CallExecutor blocked = backlogged();
        String callId = callIdOn(blocked);

        send(request("INVITE", callId, null));
        SipResponse r = receive();
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.header("Retry-After")).hasValue("7");
        assertThat(r.callId()).isEqualTo(callId);
        assertThat(r.toTag()).isNotBlank();
        assertThat(transport.metrics().shed()).isEqualTo(1);

        send(request("BYE", callId, "b1"));      // inside a dialog: queued, not shed
        send(request("ACK", callId, null));      // never shed
        release.countDown();
        assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(SipRequest::method).isEqualTo("BYE");
        assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(SipRequest::method).isEqualTo("ACK");
        assertThat(transport.metrics().shed()).isEqualTo(1);
        assertThat(delivered).isEmpty(); // the shed INVITE never reached the listener
    }

    @Test
    void inviteToAnIdleExecutorIsDelivered() throws Exception {
        CallExecutor blocked = backlogged();
        CallExecutor idle = transport.executors().stream().filter(e -> e != blocked).findFirst().orElseThrow();
        send(request("INVITE", callIdOn(idle), null));
        assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(SipRequest::method).isEqualTo("INVITE");
        assertThat(transport.metrics().shed()).isZero();
    }

    @Test
    void newInvitesAreShedWhileTheUdpReceiveQueueStaysFull() throws Exception {
        transport.close();
        delivered.clear();
        TransportConfig cfg = TransportConfig.builder().port(0).callExecutors(1).maxExecutorBacklog(0)
                .maxReceiveQueueDelay(java.time.Duration.ofMillis(20)).retryAfterSeconds(7).build();
        transport = SipTransport.start(cfg, ex -> new TransportListener() {
            @Override
            public void onRequest(SipRequest request, Inbound source) {
                delivered.add(request);
                try {
                    Thread.sleep(1);                 // a slow UAS: a full read burst takes >= 32 ms
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void onResponse(SipResponse response, Inbound source) {}
        });
        CallExecutor reader = transport.udpReader();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        reader.execute(() -> {
            running.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        int invites = 200;                               // queue in the kernel while the loop is blocked
        for (int i = 0; i < invites; i++) {
            send(request("INVITE", "queued-" + i, null));
        }
        go.countDown();

        int got503 = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.size() + got503 < invites && System.nanoTime() < deadline) {
            SipResponse r = receive();
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.header("Retry-After")).hasValue("7");
            got503++;
        }
        assertThat(got503).isPositive();
        assertThat(transport.metrics().shed()).isEqualTo(got503);
        assertThat(delivered.size() + got503).isEqualTo(invites);
        assertThat(delivered.size()).isGreaterThanOrEqualTo(SipTransport.UDP_READ_BURST); // the first burst is never shed

        CountDownLatch burstOver = new CountDownLatch(1);  // tasks run after the loop's read burst
        reader.execute(burstOver::countDown);
        assertThat(burstOver.await(5, TimeUnit.SECONDS)).isTrue();
        delivered.clear();                               // the queue drained: the next INVITE passes
        send(request("INVITE", "after", null));
        assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(SipRequest::callId).isEqualTo("after");
        assertThat(transport.metrics().shed()).isEqualTo(got503);
    }
}
