package io.dialtone.client;

import io.dialtone.rtp.ToneSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link Call#sendDtmf} and {@link Call#onDtmf} between two {@link UserAgent}s on 127.0.0.1 (RFC 4733). */
@DisplayName("RFC 4733 DTMF through the Call API")
class DtmfCallIT {
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

    @Test
    @Timeout(30)
    void digitsTravelBothWaysAndAreReportedOnceEach() throws Exception {
        LinkedBlockingQueue<Character> atCallee = new LinkedBlockingQueue<>();
        CompletableFuture<Call> answered = new CompletableFuture<>();
        callee = UserAgent.builder().listen("127.0.0.1", 0).userName("callee").onIncomingCall(in ->
                in.answer(new ToneSource(440, 8000, 0.3), (f, n) -> { }).thenAccept(c -> {
                    c.onDtmf(atCallee::add);
                    answered.complete(c);
                })).start();
        caller = UserAgent.builder().listen("127.0.0.1", 0).userName("caller").start();
        Call call = caller.call("sip:callee@127.0.0.1:" + callee.localAddress().getPort(),
                CallOptions.defaults().withAudio(new ToneSource(1000, 8000, 0.3), (f, n) -> { }))
                .get(10, TimeUnit.SECONDS);
        Call theirs = answered.get(10, TimeUnit.SECONDS);
        LinkedBlockingQueue<Character> atCaller = new LinkedBlockingQueue<>();
        call.onDtmf(atCaller::add);

        call.sendDtmf("12#").get(10, TimeUnit.SECONDS);
        theirs.sendDtmf("*9", 60).get(10, TimeUnit.SECONDS);
        for (char c : "12#".toCharArray()) {
            assertThat(atCallee.poll(5, TimeUnit.SECONDS)).isEqualTo(c);
        }
        for (char c : "*9".toCharArray()) {
            assertThat(atCaller.poll(5, TimeUnit.SECONDS)).isEqualTo(c);
        }
        assertThat(theirs.dtmfReceived()).isEqualTo("12#");
        assertThat(call.dtmfReceived()).isEqualTo("*9");
        assertThatThrownBy(() -> call.sendDtmf("1x").get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalArgumentException.class);

        call.hangup().get(10, TimeUnit.SECONDS);
        assertThat(atCallee.poll(200, TimeUnit.MILLISECONDS)).as("each digit once").isNull();
        assertThat(call.mediaStats().dtmfSent()).isEqualTo(3);
        assertThat(call.mediaStats().dtmfReceived()).isEqualTo(2);
    }
}
