package io.dialtone.transport;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import io.dialtone.transport.SipTransportIT.Received;
import io.dialtone.transport.SipTransportIT.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Impaired UDP between two transports over loopback (paranoid leak detection)")
class ImpairmentIT {
    static final int N = 200;
    static final int BATCH = 20;

    final BlockingQueue<Received> aIn = new LinkedBlockingQueue<>();
    final BlockingQueue<Received> bIn = new LinkedBlockingQueue<>();
    SipTransport a;
    SipTransport b;

    void start(String impairA) {
        TransportConfig plain = TransportConfig.builder().host("127.0.0.1").port(0).callExecutors(2).build();
        a = SipTransport.start(plain.toBuilder().impairment(ImpairmentConfig.parse(impairA)).build(),
                ex -> new Recorder(ex, aIn));
        b = SipTransport.start(plain, ex -> new Recorder(ex, bIn));
    }

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    static SipRequest options(SipTransport from, SipTransport to, String callId) {
        ListeningPoint f = from.listeningPoint("UDP");
        ListeningPoint t = to.listeningPoint("UDP");
        return SipRequest.builder("OPTIONS", SipUri.of("bob", t.host(), t.port()))
                .addVia(Via.of("UDP", f.host(), f.port(), Via.MAGIC_COOKIE + callId))
                .from(NameAddr.of(SipUri.of("alice", f.host(), f.port())).withTag("a1"))
                .to(NameAddr.of(SipUri.of("bob", t.host(), t.port())))
                .callId(callId)
                .cseq(1, "OPTIONS")
                .maxForwards(70)
                .build();
    }

    /** Adds the Call-IDs received to {@code ids}, waiting (bounded) until it holds {@code total}. */
    static void drain(BlockingQueue<Received> q, Set<String> ids, int total) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ids.size() < total && System.nanoTime() < deadline) {
            Received r = q.poll(100, TimeUnit.MILLISECONDS);
            if (r != null) {
                ids.add(r.message().callId());
            }
        }
    }

    @Test
    void delayDuplicationAndReorderingLoseNothingBothWays() throws Exception {
        start("delay=10ms,jitter=5ms,dup=20%,reorder=10%,seed=11");
        Destination toB = new Destination("UDP", b.listeningPoint("UDP").address());
        Destination toA = new Destination("UDP", a.listeningPoint("UDP").address());
        Set<String> atB = new HashSet<>();
        Set<String> atA = new HashSet<>();
        for (int batch = 0; batch < N; batch += BATCH) { // in batches: a burst could overflow a socket buffer
            CompletableFuture<?>[] sends = new CompletableFuture<?>[2 * BATCH];
            for (int i = 0; i < BATCH; i++) {
                sends[2 * i] = a.sendRequest(options(a, b, "ab-" + (batch + i)), toB);     // a's outbound stage
                sends[2 * i + 1] = b.sendRequest(options(b, a, "ba-" + (batch + i)), toA); // a's inbound stage
            }
            CompletableFuture.allOf(sends).get(10, TimeUnit.SECONDS);
            drain(bIn, atB, batch + BATCH);
            drain(aIn, atA, batch + BATCH);
        }
        assertThat(atB).hasSize(N);
        assertThat(atA).hasSize(N);
        TransportMetrics m = a.metrics();
        assertThat(m.impairedDropped()).isZero();
        assertThat(m.impairedDuplicated()).isPositive();
        assertThat(m.impairedReordered()).isPositive();
        assertThat(m.impairedDelayed()).isGreaterThanOrEqualTo(2L * N);
        long expected = 2L * N + m.impairedDuplicated();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (b.metrics().messagesIn() + a.metrics().messagesIn() < expected && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the last duplicates may still be on their way
        }
        assertThat(b.metrics().messagesIn() + a.metrics().messagesIn()).as("every datagram and duplicate arrived")
                .isEqualTo(expected);
    }

    @Test
    void totalLossDeliversNothingAndSendsStillSucceed() throws Exception {
        start("loss=100%,seed=1");
        Destination toB = new Destination("UDP", b.listeningPoint("UDP").address());
        for (int i = 0; i < 20; i++) {
            a.sendRequest(options(a, b, "lost-" + i), toB).get(5, TimeUnit.SECONDS);
        }
        b.sendRequest(options(b, a, "lost-in"), new Destination("UDP", a.listeningPoint("UDP").address()))
                .get(5, TimeUnit.SECONDS);
        assertThat(bIn.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(aIn.poll(10, TimeUnit.MILLISECONDS)).isNull();
        assertThat(a.metrics().impairedDropped()).isEqualTo(21);
        assertThat(a.metrics().messagesIn()).isZero();
    }

    @Test
    void closingWithDelayedDatagramsFailsTheirSendsAndLeaksNothing() throws Exception {
        start("delay=5s,seed=1");
        CompletableFuture<Void> f = a.sendRequest(options(a, b, "late"),
                new Destination("UDP", b.listeningPoint("UDP").address()));
        b.sendRequest(options(b, a, "late-in"), new Destination("UDP", a.listeningPoint("UDP").address()))
                .get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (a.metrics().impairedDelayed() < 2 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // until the inbound datagram is held in a's impairment stage
        }
        assertThat(a.metrics().impairedDelayed()).isEqualTo(2);
        a.close();
        assertThat(f).failsWithin(5, TimeUnit.SECONDS);
        assertThat(aIn).isEmpty();
        System.gc(); // paranoid leak detection reports on collection
    }
}
