package io.dialtone.client;

import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.ToneSource;
import io.dialtone.session.EndReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two {@link UserAgent}s calling each other over real sockets on 127.0.0.1: the public API end to
 * end (RFC 3261 §13 INVITE, §9 CANCEL, §15 BYE; RTP both ways).
 */
@DisplayName("UserAgent API over loopback")
class UserAgentIT {
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

    private void start(Consumer<IncomingCall> handler) {
        callee = UserAgent.builder().listen("127.0.0.1", 0).userName("callee").onIncomingCall(handler).start();
        caller = UserAgent.builder().listen("127.0.0.1", 0).userName("caller").start();
    }

    private String calleeUri(String transport) {
        return "sip:callee@127.0.0.1:" + callee.localAddress().getPort() + ";transport=" + transport;
    }

    /** Counts loud samples; {@code heard} completes after 200 ms (1600 samples) of them. */
    private static final class CountingSink implements AudioSink {
        final AtomicLong loudSamples = new AtomicLong();
        final CompletableFuture<Void> heard = new CompletableFuture<>();

        @Override
        public void write(short[] frame, int samples) {
            for (int i = 0; i < samples; i++) {
                if (Math.abs(frame[i]) > 1000 && loudSamples.incrementAndGet() >= 1600) {
                    heard.complete(null);
                }
            }
        }
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"udp", "tcp"})
    void answeredCallCarriesAudioBothWaysAndEndsWithBye(String transport) throws Exception {
        CountingSink heardByCallee = new CountingSink();
        CompletableFuture<EndReason> calleeEnd = new CompletableFuture<>();
        start(in -> in.answer(new ToneSource(440, 8000, 0.3), heardByCallee)
                .thenCompose(Call::ended).thenAccept(calleeEnd::complete));
        CountingSink heardByCaller = new CountingSink();

        Call call = caller.call(calleeUri(transport),
                CallOptions.defaults().withAudio(new ToneSource(1000, 8000, 0.3), heardByCaller)).get(10, TimeUnit.SECONDS);
        assertThat(call.answered()).isTrue();
        assertThat(call.status()).isEqualTo(200);
        CompletableFuture.allOf(heardByCaller.heard, heardByCallee.heard).get(10, TimeUnit.SECONDS);
        EndReason end = call.hangup().get(10, TimeUnit.SECONDS);

        assertThat(end.byLocal()).isTrue();
        assertThat(calleeEnd.get(10, TimeUnit.SECONDS).text()).isEqualTo("remote BYE");
        assertThat(heardByCaller.loudSamples.get()).isGreaterThanOrEqualTo(1600);
        assertThat(heardByCallee.loudSamples.get()).isGreaterThanOrEqualTo(1600);
        assertThat(call.mediaStats().packetsReceived()).isPositive();
        assertThat(caller.activeCalls()).isZero();
    }

    @Test
    void rejectedCallIsAResultNotAnException() throws Exception {
        start(in -> in.reject(486));
        Call call = caller.call(calleeUri("udp")).get(10, TimeUnit.SECONDS);
        assertThat(call.answered()).isFalse();
        assertThat(call.status()).isEqualTo(486);
        assertThat(call.ended().get(10, TimeUnit.SECONDS).status()).isEqualTo(486);
    }

    @Test
    void hangingUpBeforeAnswerCancelsWith487() throws Exception {
        CompletableFuture<EndReason> calleeEnd = new CompletableFuture<>();
        CompletableFuture<Void> ringing = new CompletableFuture<>();
        start(in -> {
            in.ended().thenAccept(calleeEnd::complete);
            ringing.complete(null); // never answered
        });
        CompletableFuture<Call> placed = caller.call(calleeUri("udp"));
        ringing.get(10, TimeUnit.SECONDS);
        caller.hangupAll();
        Call call = placed.get(10, TimeUnit.SECONDS);

        assertThat(call.status()).isEqualTo(487);
        assertThat(calleeEnd.get(10, TimeUnit.SECONDS).status()).isEqualTo(487);
    }

    @Test
    @DisplayName("hangupAll also cancels a call whose INVITE is still being built (no race with call())")
    void hangupAllRightAfterCallCancelsIt() throws Exception {
        java.util.concurrent.atomic.AtomicInteger rang = new java.util.concurrent.atomic.AtomicInteger();
        start(in -> rang.incrementAndGet()); // rings, never answers
        for (int i = 0; i < 20; i++) {
            CompletableFuture<Call> placed = caller.call(calleeUri("udp"));
            caller.hangupAll().get(10, TimeUnit.SECONDS); // the call's task may not have run yet
            Call call = placed.get(10, TimeUnit.SECONDS);
            assertThat(call.answered()).isFalse();
            assertThat(call.status()).as("call %d", i).isEqualTo(487);
            assertThat(call.ended().get(10, TimeUnit.SECONDS).status()).isEqualTo(487);
        }
    }

    @Test
    void noHandlerAnswers480() throws Exception {
        callee = UserAgent.builder().listen("127.0.0.1", 0).start();
        caller = UserAgent.builder().listen("127.0.0.1", 0).start();
        Call call = caller.call(calleeUri("udp")).get(10, TimeUnit.SECONDS);
        assertThat(call.status()).isEqualTo(480);
    }

    @Test
    void malformedUriFailsTheFuture() {
        start(in -> { });
        assertThatThrownBy(() -> caller.call("mailto:bob@example.com").get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }
}
