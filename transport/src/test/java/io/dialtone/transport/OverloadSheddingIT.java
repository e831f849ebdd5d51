package io.dialtone.transport;

import io.dialtone.message.NameAddr;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Overload detection over loopback: a new INVITE read while its call executor is backlogged, or
 * while datagrams wait too long in the UDP receive queue, reaches the listener with its source
 * marked ({@link Inbound#shed()}, {@code Retry-After} from the config), for the transaction layer
 * to refuse with 503 (TransactionLayerOverloadTest); everything else arrives unmarked. The
 * executor backlog is forced deterministically: the executor that does not read the UDP socket is
 * blocked on a latch and given more queued tasks than a tiny {@link TransportConfig#maxExecutorBacklog()}.
 */
@DisplayName("Overload shedding: new INVITEs read under overload arrive marked for a 503 + Retry-After")
class OverloadSheddingIT {
    static final int MAX_BACKLOG = 3;

    final BlockingQueue<SipRequest> delivered = new LinkedBlockingQueue<>();
    final BlockingQueue<Inbound> sources = new LinkedBlockingQueue<>();
    final CountDownLatch release = new CountDownLatch(1);
    SipTransport transport;
    DatagramSocket peer;

    @BeforeEach
    void start() throws Exception {
        TransportConfig cfg = TransportConfig.builder().port(0).callExecutors(2)
                .maxExecutorBacklog(MAX_BACKLOG).retryAfterSeconds(7).build();
        transport = startRecording(cfg);
        peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        peer.setSoTimeout(5000);
    }

    /** A transport whose listener records every request and the source it came with. */
    SipTransport startRecording(TransportConfig cfg) {
        return SipTransport.start(cfg, ex -> new TransportListener() {
            @Override
            public void onRequest(SipRequest request, Inbound source) {
                delivered.add(request);
                sources.add(source);
            }

            @Override
            public void onResponse(SipResponse response, Inbound source) {}
        });
    }

    @AfterEach
    void stop() {
        release.countDown();
        peer.close();
        transport.close();
    }

    /** Runs a task on {@code executor} that holds it until {@code until} opens; returns once it runs. */
    static void block(CallExecutor executor, CountDownLatch until) throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        executor.execute(() -> {
            running.countDown();
            try {
                until.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
    }

    /** Blocks the executor that does not read UDP and queues {@code MAX_BACKLOG + 2} tasks on it. */
    CallExecutor backlogged() throws InterruptedException {
        CallExecutor reader = transport.udpReader();
        CallExecutor blocked = transport.executors().stream().filter(e -> e != reader).findFirst().orElseThrow();
        block(blocked, release);
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

    @Test
    void newInviteToABackloggedExecutorArrivesMarkedAndInDialogRequestsDoNot() throws Exception {
        CallExecutor blocked = backlogged();
        String callId = callIdOn(blocked);

        send(request("INVITE", callId, null));
        send(request("BYE", callId, "b1"));      // inside a dialog: never marked
        send(request("ACK", callId, null));      // never marked
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (transport.metrics().messagesIn() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);                     // all three read (and judged) while the executor is held
        }
        release.countDown();
        assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(SipRequest::method).isEqualTo("INVITE");
        Inbound invite = sources.poll(5, TimeUnit.SECONDS);
        assertThat(invite.shed()).isTrue();
        assertThat(invite.retryAfterShed()).isEqualTo(7);
        assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(SipRequest::method).isEqualTo("BYE");
        assertThat(sources.poll(5, TimeUnit.SECONDS).shed()).isFalse();
        assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(SipRequest::method).isEqualTo("ACK");
        assertThat(sources.poll(5, TimeUnit.SECONDS).shed()).isFalse();
        assertThat(transport.metrics().shed()).isZero();  // counted when the transaction layer answers 503
    }

    @Test
    void inviteToAnIdleExecutorIsDelivered() throws Exception {
        CallExecutor blocked = backlogged();
        CallExecutor idle = transport.executors().stream().filter(e -> e != blocked).findFirst().orElseThrow();
        send(request("INVITE", callIdOn(idle), null));
        assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(SipRequest::method).isEqualTo("INVITE");
        assertThat(sources.poll(5, TimeUnit.SECONDS).shed()).isFalse();
    }

    @Test
    void newInvitesAreMarkedWhileTheyWaitTooLongInTheUdpReceiveQueue() throws Exception {
        transport.close();
        delivered.clear();
        sources.clear();
        TransportConfig cfg = TransportConfig.builder().port(0).callExecutors(1).maxExecutorBacklog(0)
                .maxReceiveQueueDelay(java.time.Duration.ofMillis(100)).retryAfterSeconds(7).build();
        transport = startRecording(cfg);
        CallExecutor reader = transport.udpReader();
        send(request("INVITE", "before", null));                 // an idle queue: nothing waits
        assertThat(sources.poll(5, TimeUnit.SECONDS).shed()).isFalse();
        delivered.clear();

        CountDownLatch go = new CountDownLatch(1);
        block(reader, go);                                        // the loop stalls (a long callback, a GC pause)
        int invites = 50;
        for (int i = 0; i < invites; i++) {
            send(request("INVITE", "queued-" + i, null));
        }
        Thread.sleep(300);                                        // they wait 300 ms in the kernel's queue
        go.countDown();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.size() < invites && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(delivered).hasSize(invites);                   // marked, not dropped: the transaction layer answers
        for (int i = 0; i < invites; i++) {
            Inbound source = sources.poll();
            // waited ~300 ms, with many waiting once the first read burst has taken more than a few
            assertThat(source.shed()).as("INVITE %d, read after waiting ~300 ms", i)
                    .isEqualTo(i >= UdpHandler.BACKLOG_DATAGRAMS);
            if (source.shed()) {
                assertThat(source.retryAfterShed()).isEqualTo(7);
            }
        }

        // the queue drained: once a probe has come back through it, a new INVITE is not marked
        delivered.clear();
        Thread.sleep(200);
        send(request("INVITE", "after", null));
        assertThat(delivered.poll(5, TimeUnit.SECONDS)).extracting(SipRequest::callId).isEqualTo("after");
        assertThat(sources.poll(5, TimeUnit.SECONDS).shed()).isFalse();
    }

    @Test
    void aSteadilyLoadedLoopThatKeepsUpIsNotOverloaded() throws Exception {
        transport.close();
        delivered.clear();
        sources.clear();
        TransportConfig cfg = TransportConfig.builder().port(0).callExecutors(1).maxExecutorBacklog(0)
                .maxReceiveQueueDelay(java.time.Duration.ofMillis(300)).build();
        transport = startRecording(cfg);
        // bursts longer than a read burst (32), for a second: some read bursts fill up, but nothing
        // waits anywhere near the limit, so nothing is marked (after a warm-up: a cold JVM parses
        // its first messages in the interpreter)
        for (int i = 0; i < 2_000; i++) {
            send(request("INVITE", "warm-" + i, null));
            if (i % 40 == 39) {
                Thread.sleep(10);
            }
        }
        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.size() < 2_000 && System.nanoTime() < warm) {
            Thread.sleep(10);
        }
        Thread.sleep(100);
        delivered.clear();
        sources.clear();
        int sent = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < end) {
            for (int i = 0; i < 40; i++) {
                send(request("INVITE", "busy-" + sent++, null));
            }
            Thread.sleep(10);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (delivered.size() < sent && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(delivered).hasSize(sent);
        assertThat(sources).noneMatch(Inbound::shed);
    }
}
