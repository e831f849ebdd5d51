package io.dialtone.client;

import io.dialtone.rtp.RtpStreamStats;
import io.dialtone.rtp.ToneSource;
import io.dialtone.session.DtmfMode;
import io.dialtone.session.Rel100;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hold/resume (RFC 3264 §8.4), UPDATE (RFC 3311), DTMF in INFO, reliable provisionals and early
 * media (RFC 3262) between two {@link UserAgent}s on 127.0.0.1, with real RTP.
 */
@DisplayName("RFC 3264 §8.4 hold, RFC 3311 UPDATE, RFC 3262 early media through the Call API")
class SessionChangesIT {
    private UserAgent callee;
    private UserAgent caller;

    @AfterEach
    void close() {
        if (caller != null) {
            caller.close();
        }
        if (callee != null) {
            callee.close();
        }
    }

    /** Waits until {@code counter} of {@code call}'s stream grew by {@code n}; false after 5 s. */
    private static boolean grows(Call call, ToLongFunction<RtpStreamStats> counter, long n) throws InterruptedException {
        long start = counter.applyAsLong(call.mediaStats());
        for (int i = 0; i < 250; i++) {
            if (counter.applyAsLong(call.mediaStats()) >= start + n) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /**
     * True when {@code counter} does not move during 600 ms, after 400 ms for the change to settle
     * (statistics are snapshots taken every few packets).
     */
    private static boolean stays(Call call, ToLongFunction<RtpStreamStats> counter) throws InterruptedException {
        Thread.sleep(400);
        long before = counter.applyAsLong(call.mediaStats());
        Thread.sleep(600);
        return counter.applyAsLong(call.mediaStats()) == before;
    }

    @Test
    @Timeout(60)
    void holdStopsThePeersAudioAndResumeRestartsIt() throws Exception {
        CompletableFuture<Call> answered = new CompletableFuture<>();
        LinkedBlockingQueue<Character> atCallee = new LinkedBlockingQueue<>();
        callee = UserAgent.builder().listen("127.0.0.1", 0).userName("callee").onIncomingCall(in ->
                in.answer(new ToneSource(440, 8000, 0.3), (f, n) -> { }).thenAccept(c -> {
                    c.onDtmf(atCallee::add);
                    answered.complete(c);
                })).start();
        caller = UserAgent.builder().listen("127.0.0.1", 0).userName("caller").start();
        Call call = caller.call("sip:callee@127.0.0.1:" + callee.localAddress().getPort(),
                CallOptions.defaults().withAudio(new ToneSource(1000, 8000, 0.3), (f, n) -> { })).get(10, TimeUnit.SECONDS);
        Call theirs = answered.get(10, TimeUnit.SECONDS);
        assertThat(grows(theirs, RtpStreamStats::packetsSent, 10)).isTrue();

        assertThat(call.hold().get(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(call.onHold()).isTrue();
        assertThat(stays(theirs, RtpStreamStats::packetsSent)).as("held (recvonly): the callee stops sending").isTrue();
        assertThat(grows(call, RtpStreamStats::packetsSent, 10)).as("sendonly: we keep sending").isTrue();

        assertThat(call.resume().get(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(call.onHold()).isFalse();
        assertThat(grows(theirs, RtpStreamStats::packetsSent, 10)).as("resumed: the callee sends again").isTrue();

        assertThat(theirs.update().get(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(grows(call, RtpStreamStats::packetsReceived, 10)).isTrue();

        call.sendDtmf("5#", DtmfMode.INFO).get(10, TimeUnit.SECONDS);
        assertThat(atCallee.poll(5, TimeUnit.SECONDS)).isEqualTo('5');
        assertThat(atCallee.poll(5, TimeUnit.SECONDS)).isEqualTo('#');
        assertThat(call.mediaStats().dtmfSent()).as("INFO, not RFC 4733").isZero();

        call.hangup().get(10, TimeUnit.SECONDS);
    }

    @Test
    @Timeout(30)
    void earlyMediaFlowsBeforeTheAnswerOverReliableProvisionals() throws Exception {
        CompletableFuture<IncomingCall> ringing = new CompletableFuture<>();
        callee = UserAgent.builder().listen("127.0.0.1", 0).userName("callee").rel100(Rel100.PREFERRED)
                .onIncomingCall(ringing::complete).start();
        caller = UserAgent.builder().listen("127.0.0.1", 0).userName("caller").start();
        LinkedBlockingQueue<Integer> heard = new LinkedBlockingQueue<>();
        CompletableFuture<Call> placed = caller.call("sip:callee@127.0.0.1:" + callee.localAddress().getPort(),
                CallOptions.defaults().withAudio(new ToneSource(1000, 8000, 0.3), (f, n) -> heard.add(n)));
        IncomingCall in = ringing.get(10, TimeUnit.SECONDS);
        in.progress(new ToneSource(440, 8000, 0.3), (f, n) -> { }).get(10, TimeUnit.SECONDS);
        assertThat(heard.poll(5, TimeUnit.SECONDS)).as("audio before the 200").isNotNull();
        assertThat(placed).isNotDone();
        Call theirs = in.answer(new ToneSource(440, 8000, 0.3), (f, n) -> { }).get(10, TimeUnit.SECONDS);
        Call call = placed.get(10, TimeUnit.SECONDS);
        assertThat(call.answered()).isTrue();
        assertThat(grows(call, RtpStreamStats::packetsReceived, 10)).isTrue();
        assertThat(grows(theirs, RtpStreamStats::packetsReceived, 10)).isTrue();
        call.hangup().get(10, TimeUnit.SECONDS);
    }
}
