package io.dialtone.session.register;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.session.auth.CredentialsProvider;
import io.dialtone.session.auth.DigestCredentials;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registration client with Digest (RFC 3261 §22.2). Needs the {@code io.dialtone.session.auth}
 * implementation: against the API skeleton these fail with UnsupportedOperationException.
 */
@DisplayName("RFC 3261 §10.2 + §22.2 registration with Digest")
class RegistrationAuthTest {
    private final RegistrationClientTest h = new RegistrationClientTest();
    static final String CHALLENGE = "Digest realm=\"dialtone.test\", nonce=\"b2c1d0e9f8a7\", algorithm=MD5, qop=\"auth\"";

    RegistrationClient withPassword(String password) {
        return h.started(b -> b.credentials(CredentialsProvider.of(new DigestCredentials("alice", password))));
    }

    @Test
    void a401IsAnsweredWithCredentialsAndTheNextCSeq() throws Exception {
        RegistrationClient c = withPassword("secret");
        h.respond(h.lastRegister(), 401, b -> b.header("WWW-Authenticate", CHALLENGE));
        SipRequest retry = h.lastRegister();
        assertThat(retry.cseq().number()).isEqualTo(2);
        assertThat(retry.header("Authorization")).hasValueSatisfying(a -> assertThat(a)
                .contains("username=\"alice\"").contains("realm=\"dialtone.test\"").doesNotContain("secret"));
        h.ok(retry, 3600);
        assertThat(c.registered().get().statusCode()).isEqualTo(200);
        h.advance(3000); // the refresh carries credentials pre-emptively
        assertThat(h.lastRegister().header("Authorization")).isPresent();
    }

    @Test
    void aWrongPasswordFailsCleanlyInsteadOfLooping() {
        RegistrationClient c = withPassword("wrong");
        h.respond(h.lastRegister(), 401, b -> b.header("WWW-Authenticate", CHALLENGE));
        h.respond(h.lastRegister(), 401, b -> b.header("WWW-Authenticate", CHALLENGE)); // same nonce: credentials refused
        assertThat(c.state()).isEqualTo(RegistrationState.FAILED);
        assertThatThrownBy(() -> c.registered().get()).cause()
                .isInstanceOfSatisfying(RegistrationException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("wrong username or password");
        h.advance(3600);
        assertThat(h.wire.requests(SipMethod.REGISTER)).hasSize(2);
    }

    @Test
    void aProxyChallengeIsAnsweredWithProxyAuthorization() {
        withPassword("secret");
        h.respond(h.lastRegister(), 407, b -> b.header("Proxy-Authenticate", CHALLENGE));
        assertThat(h.lastRegister().header("Proxy-Authorization")).isPresent();
    }
}
