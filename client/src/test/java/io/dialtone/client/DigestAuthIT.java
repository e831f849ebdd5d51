package io.dialtone.client;

import io.dialtone.session.auth.CredentialsProvider;
import io.dialtone.session.auth.DigestCredentials;
import io.dialtone.session.auth.DigestServer;
import io.dialtone.session.auth.PasswordLookup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@link UserAgent}s over real sockets on 127.0.0.1, the callee authenticating incoming calls
 * ({@link UserAgent.Builder#authenticateIncoming}) and the caller answering its challenge
 * ({@link UserAgent.Builder#credentials}): RFC 3261 §22 through the public API.
 */
@DisplayName("Digest authentication through the UserAgent API")
class DigestAuthIT {
    private final AtomicInteger incoming = new AtomicInteger();
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

    private void start(String callerPassword) {
        callee = UserAgent.builder().listen("127.0.0.1", 0).userName("callee").media(false)
                .authenticateIncoming(new DigestServer("dialtone.test", PasswordLookup.of("alice", "s3cret")))
                .onIncomingCall(in -> {
                    incoming.incrementAndGet();
                    in.answer(new io.dialtone.rtp.ToneSource(440, 8000, 0.3), (frame, samples) -> { });
                }).start();
        UserAgent.Builder b = UserAgent.builder().listen("127.0.0.1", 0).userName("alice").media(false);
        if (callerPassword != null) {
            b.credentials(CredentialsProvider.of(new DigestCredentials("alice", callerPassword)));
        }
        caller = b.start();
    }

    private String calleeUri(String transport) {
        return "sip:callee@127.0.0.1:" + callee.localAddress().getPort() + ";transport=" + transport;
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"udp", "tcp"})
    void theRightPasswordGetsThrough(String transport) throws Exception {
        start("s3cret");
        Call call = caller.call(calleeUri(transport)).get(10, TimeUnit.SECONDS);
        assertThat(call.answered()).isTrue();
        assertThat(incoming).hasValue(1);
        call.hangup().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWrongPasswordFailsWith401AndNeverRings() throws Exception {
        start("guess");
        Call call = caller.call(calleeUri("udp")).get(10, TimeUnit.SECONDS); // a non-2xx final is a result
        assertThat(call.answered()).isFalse();
        assertThat(call.status()).isEqualTo(401);
        assertThat(incoming).hasValue(0);
    }

    @Test
    void withoutCredentialsTheCallFailsWith401() throws Exception {
        start(null);
        Call call = caller.call(calleeUri("udp")).get(10, TimeUnit.SECONDS);
        assertThat(call.answered()).isFalse();
        assertThat(call.status()).isEqualTo(401);
        assertThat(incoming).hasValue(0);
    }
}
