package io.dialtone.client;

import io.dialtone.rtp.ToneSource;
import io.dialtone.session.EndReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls with media off ({@link UserAgent.Builder#media(boolean)} false): the call is still set up
 * and torn down by RFC 3261 and RFC 3264 (port 9, a=inactive), and no RTP stream is opened.
 */
@DisplayName("Signalling-only calls (media off) over loopback")
class SignallingOnlyCallIT {
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

    @ParameterizedTest(name = "caller media on: {0}")
    @ValueSource(booleans = {false, true})
    void callWithMediaOffCompletes(boolean callerMedia) throws Exception {
        CompletableFuture<EndReason> calleeEnd = new CompletableFuture<>();
        CompletableFuture<Call> answered = new CompletableFuture<>();
        callee = UserAgent.builder().listen("127.0.0.1", 0).userName("callee").media(false)
                .onIncomingCall(in -> in.answer(new ToneSource(440, 8000, 0.3), (frame, samples) -> { })
                        .thenAccept(c -> {
                            answered.complete(c);
                            c.ended().thenAccept(calleeEnd::complete);
                        }))
                .start();
        caller = UserAgent.builder().listen("127.0.0.1", 0).userName("caller").media(callerMedia).start();

        Call call = caller.call("sip:callee@127.0.0.1:" + callee.localAddress().getPort()).get(10, TimeUnit.SECONDS);
        assertThat(call.answered()).isTrue();
        assertThat(call.status()).isEqualTo(200);
        Call atCallee = answered.get(10, TimeUnit.SECONDS);
        assertThat(atCallee.mediaStats()).isNull(); // no RTP stream at the callee
        if (!callerMedia) {
            assertThat(call.mediaStats()).isNull();
        }

        EndReason end = call.hangup().get(10, TimeUnit.SECONDS);
        assertThat(end.byLocal()).isTrue();
        assertThat(calleeEnd.get(10, TimeUnit.SECONDS).text()).isEqualTo("remote BYE");
        assertThat(caller.activeCalls()).isZero();
    }
}
