package io.dialtone.session.auth;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.header.Credentials;
import io.dialtone.message.header.Headers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.dialtone.session.auth.AuthRequests.challenge;
import static io.dialtone.session.auth.AuthRequests.invite;
import static io.dialtone.session.auth.DigestHashTest.md5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RFC 3261 §22.2 / RFC 7616 / RFC 8760: the UAC answers Digest challenges")
class DigestClientTest {
    static final DigestCredentials BOB = new DigestCredentials("bob", "zanzibar");
    static final String MD5_AUTH = "Digest realm=\"biloxi.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
            + "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";

    private final AtomicInteger cnonces = new AtomicInteger();
    private final DigestClient client = new DigestClient(CredentialsProvider.of(BOB), () -> "cn" + cnonces.incrementAndGet());

    private static Credentials authorization(SipRequest r) {
        return r.typed(Headers.AUTHORIZATION).orElseThrow();
    }

    @Nested
    class Answering {
        @Test
        void a401IsAnsweredWithAuthorizationCarryingEveryParameter() {
            SipRequest invite = invite();
            assertThat(client.onChallenge(invite, challenge(invite, 401, MD5_AUTH))).isTrue();
            SipRequest retry = client.authorize(invite);
            Credentials c = authorization(retry);
            assertThat(c.username()).isEqualTo("bob");
            assertThat(c.realm()).isEqualTo("biloxi.com");
            assertThat(c.nonce()).isEqualTo("dcd98b7102dd2f0e8b11d0f600bfb0c093");
            assertThat(c.uri()).isEqualTo("sip:bob@biloxi.example.com:5060");
            assertThat(c.algorithm()).isEqualTo("MD5");
            assertThat(c.opaque()).isEqualTo("5ccc069c403ebaf9f0171e9517f40e41");
            assertThat(c.qop()).isEqualTo("auth"); // preferred over auth-int
            assertThat(c.nc()).isEqualTo("00000001");
            assertThat(c.cnonce()).isEqualTo("cn1");
            String ha1 = md5("bob:biloxi.com:zanzibar");
            String ha2 = md5("INVITE:sip:bob@biloxi.example.com:5060");
            assertThat(c.response()).isEqualTo(md5(ha1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:cn1:auth:" + ha2));
            assertThat(retry.headerValues("Proxy-Authorization")).isEmpty();
        }

        @Test
        void a407IsAnsweredWithProxyAuthorization() {
            SipRequest invite = invite();
            assertThat(client.onChallenge(invite, challenge(invite, 407, MD5_AUTH))).isTrue();
            SipRequest retry = client.authorize(invite);
            assertThat(retry.typed(Headers.PROXY_AUTHORIZATION).orElseThrow().realm()).isEqualTo("biloxi.com");
            assertThat(retry.headerValues("Authorization")).isEmpty();
        }

        @Test
        void theFirstSupportedAlgorithmOfTheRealmIsChosenInServerOrder() { // RFC 8760 §2.4
            SipRequest invite = invite();
            client.onChallenge(invite, challenge(invite, 401,
                    "Digest realm=\"biloxi.com\", nonce=\"n1\", algorithm=SHA-1024, qop=\"auth\"",
                    "Digest realm=\"biloxi.com\", nonce=\"n1\", algorithm=SHA-512-256, qop=\"auth\"",
                    "Digest realm=\"biloxi.com\", nonce=\"n1\", algorithm=MD5, qop=\"auth\""));
            Credentials c = authorization(client.authorize(invite));
            assertThat(c.algorithm()).isEqualTo("SHA-512-256");
            assertThat(c.response()).hasSize(64);
        }

        @Test
        void eachRealmGetsItsOwnCredentials() { // §22.3: a proxy's 407 and then the UAS's 401
            SipRequest invite = invite();
            assertThat(client.onChallenge(invite, challenge(invite, 407, "Digest realm=\"proxy.example\", nonce=\"p1\", qop=\"auth\""))).isTrue();
            SipRequest second = client.authorize(AuthRequests.request(SipMethod.INVITE, 2));
            assertThat(client.onChallenge(second, challenge(second, 401, "Digest realm=\"uas.example\", nonce=\"u1\", qop=\"auth\""))).isTrue();
            SipRequest third = client.authorize(AuthRequests.request(SipMethod.INVITE, 3));
            assertThat(third.typed(Headers.PROXY_AUTHORIZATION).orElseThrow().realm()).isEqualTo("proxy.example");
            assertThat(third.typed(Headers.PROXY_AUTHORIZATION).orElseThrow().nc()).isEqualTo("00000002");
            assertThat(authorization(third).realm()).isEqualTo("uas.example");
            assertThat(authorization(third).nc()).isEqualTo("00000001");
        }

        @Test
        void credentialsOfTheRealmAreReplacedNotDuplicated() {
            SipRequest invite = invite();
            client.onChallenge(invite, challenge(invite, 401, MD5_AUTH));
            SipRequest again = client.authorize(client.authorize(invite).toBuilder().header("Authorization",
                    "Digest username=\"x\", realm=\"other\", nonce=\"o\", uri=\"sip:x\", response=\"00\"").build());
            assertThat(again.typedList(Headers.AUTHORIZATION)).extracting(Credentials::realm).containsExactlyInAnyOrder("biloxi.com", "other");
        }

        @Test
        void sessAlgorithmsHashNonceAndCnonceIntoHa1() {
            SipRequest invite = invite();
            client.onChallenge(invite, challenge(invite, 401, "Digest realm=\"biloxi.com\", nonce=\"n1\", algorithm=MD5-sess, qop=\"auth\""));
            Credentials c = authorization(client.authorize(invite));
            String ha1 = md5(md5("bob:biloxi.com:zanzibar") + ":n1:cn1");
            assertThat(c.algorithm()).isEqualTo("MD5-sess");
            assertThat(c.response()).isEqualTo(md5(ha1 + ":n1:00000001:cn1:auth:" + md5("INVITE:sip:bob@biloxi.example.com:5060")));
        }

        @Test
        void authIntHashesTheBodyWhenAuthIsNotOffered() { // RFC 7616 §3.4.3
            SipRequest invite = invite();
            client.onChallenge(invite, challenge(invite, 401, "Digest realm=\"biloxi.com\", nonce=\"n1\", qop=\"auth-int\""));
            Credentials c = authorization(client.authorize(invite));
            String ha2 = md5("INVITE:sip:bob@biloxi.example.com:5060:" + md5(invite.bodyText()));
            assertThat(c.qop()).isEqualTo("auth-int");
            assertThat(c.response()).isEqualTo(md5(md5("bob:biloxi.com:zanzibar") + ":n1:00000001:cn1:auth-int:" + ha2));
        }

        @Test
        void withoutQopTheAnswerIsRfc2617Compatible() {
            SipRequest invite = invite();
            client.onChallenge(invite, challenge(invite, 401, "Digest realm=\"biloxi.com\", nonce=\"n1\""));
            Credentials c = authorization(client.authorize(invite));
            assertThat(c.qop()).isNull();
            assertThat(c.nc()).isNull();
            assertThat(c.cnonce()).isNull();
            assertThat(c.response()).isEqualTo(md5(md5("bob:biloxi.com:zanzibar") + ":n1:" + md5("INVITE:sip:bob@biloxi.example.com:5060")));
        }

        @Test
        void sha256AnswersWithA64DigitResponse() {
            SipRequest invite = invite();
            client.onChallenge(invite, challenge(invite, 401, "Digest realm=\"biloxi.com\", nonce=\"n1\", algorithm=SHA-256, qop=\"auth\""));
            Credentials c = authorization(client.authorize(invite));
            String ha1 = sha256("bob:biloxi.com:zanzibar");
            assertThat(c.response()).isEqualTo(sha256(ha1 + ":n1:00000001:cn1:auth:" + sha256("INVITE:sip:bob@biloxi.example.com:5060")));
        }

        @Test
        void userhashSendsTheHashedName() { // RFC 7616 §3.4.4
            SipRequest invite = invite();
            client.onChallenge(invite, challenge(invite, 401, "Digest realm=\"biloxi.com\", nonce=\"n1\", qop=\"auth\", userhash=true"));
            Credentials c = authorization(client.authorize(invite));
            assertThat(c.userhash()).isTrue();
            assertThat(c.username()).isEqualTo(md5("bob:biloxi.com"));
        }

        @Test
        void theDefaultCnonceIsRandom() {
            DigestClient random = new DigestClient(CredentialsProvider.of(BOB));
            SipRequest invite = invite();
            random.onChallenge(invite, challenge(invite, 401, MD5_AUTH));
            String first = authorization(random.authorize(invite)).cnonce();
            String second = authorization(random.authorize(invite)).cnonce();
            assertThat(first).hasSize(32).isNotEqualTo(second);
        }
    }

    @Nested
    class NonceCount {
        @Test
        void ncCountsEveryUseOfTheSameNonce() {
            SipRequest invite = invite();
            client.onChallenge(invite, challenge(invite, 401, MD5_AUTH));
            assertThat(authorization(client.authorize(invite)).nc()).isEqualTo("00000001");
            assertThat(authorization(client.authorize(AuthRequests.request(SipMethod.BYE, 2))).nc()).isEqualTo("00000002");
        }

        @Test
        void aNewNonceStartsAgainAtOne() {
            SipRequest invite = invite();
            client.onChallenge(invite, challenge(invite, 401, MD5_AUTH));
            SipRequest retry = client.authorize(invite);
            client.authorize(invite);
            assertThat(client.onChallenge(retry, challenge(retry, 401,
                    "Digest realm=\"biloxi.com\", nonce=\"fresh\", qop=\"auth\", stale=true"))).isTrue();
            Credentials c = authorization(client.authorize(AuthRequests.request(SipMethod.INVITE, 3)));
            assertThat(c.nonce()).isEqualTo("fresh");
            assertThat(c.nc()).isEqualTo("00000001");
        }
    }

    @Nested
    class GivingUp {
        @Test
        void noCredentialsForTheRealm() {
            DigestClient none = new DigestClient(realm -> Optional.empty());
            SipRequest invite = invite();
            assertThat(none.onChallenge(invite, challenge(invite, 401, MD5_AUTH))).isFalse();
            assertThat(none.authorize(invite)).isSameAs(invite);
        }

        @Test
        void noSupportedAlgorithm() {
            SipRequest invite = invite();
            assertThat(client.onChallenge(invite, challenge(invite, 401,
                    "Digest realm=\"biloxi.com\", nonce=\"n1\", algorithm=SHA-1024"))).isFalse();
        }

        @Test
        void noSupportedQop() {
            SipRequest invite = invite();
            assertThat(client.onChallenge(invite, challenge(invite, 401, "Digest realm=\"biloxi.com\", nonce=\"n1\", qop=\"auth-conf\""))).isFalse();
        }

        @Test
        void noDigestChallengeAtAll() {
            SipRequest invite = invite();
            assertThat(client.onChallenge(invite, challenge(invite, 401, "Bearer realm=\"x\""))).isFalse();
            assertThat(client.onChallenge(invite, challenge(invite, 401))).isFalse();
        }

        @Test
        void rejectedCredentialsAreNotSentAgain() {
            SipRequest invite = invite();
            assertThat(client.onChallenge(invite, challenge(invite, 401, MD5_AUTH))).isTrue();
            SipRequest retry = client.authorize(invite);
            // the same realm challenges the request that carried our answer, without stale=true: wrong password
            assertThat(client.onChallenge(retry, challenge(retry, 401, MD5_AUTH))).isFalse();
            assertThat(client.onChallenge(retry, challenge(retry, 401,
                    "Digest realm=\"biloxi.com\", nonce=\"another\", qop=\"auth\""))).isFalse();
        }

        @Test
        void aStaleNonceIsRetriedWithTheNewOne() {
            SipRequest invite = invite();
            client.onChallenge(invite, challenge(invite, 401, MD5_AUTH));
            SipRequest retry = client.authorize(invite);
            assertThat(client.onChallenge(retry, challenge(retry, 401,
                    "Digest realm=\"biloxi.com\", nonce=\"n2\", qop=\"auth\", stale=true"))).isTrue();
            assertThat(authorization(client.authorize(retry)).nonce()).isEqualTo("n2");
        }

        @Test
        void onlyChallengesAreAccepted() {
            SipRequest invite = invite();
            assertThatThrownBy(() -> client.onChallenge(invite, challenge(invite, 403))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Secrecy {
        @Test
        void credentialsToStringHidesThePassword() {
            assertThat(BOB.toString()).contains("bob").doesNotContain("zanzibar");
        }

        @Test
        void theAuthorizedRequestCarriesNoPasswordOrHa1() {
            SipRequest invite = invite();
            client.onChallenge(invite, challenge(invite, 401, MD5_AUTH));
            String wire = new String(client.authorize(invite).toBytes(), StandardCharsets.UTF_8);
            assertThat(wire).doesNotContain("zanzibar").doesNotContain(md5("bob:biloxi.com:zanzibar"));
        }

        @Test
        void logsNeverShowThePasswordOrHa1() {
            String logs = LogCapture.during(() -> {
                SipRequest invite = invite();
                client.onChallenge(invite, challenge(invite, 401, MD5_AUTH));
                SipRequest retry = client.authorize(invite);
                client.onChallenge(retry, challenge(retry, 401, MD5_AUTH)); // rejected: logged
            });
            assertThat(logs).contains("biloxi.com").contains("bob"); // the capture works
            assertThat(logs).doesNotContain("zanzibar").doesNotContain(md5("bob:biloxi.com:zanzibar"));
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

}
