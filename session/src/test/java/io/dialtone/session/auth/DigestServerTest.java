package io.dialtone.session.auth;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.header.Challenge;
import io.dialtone.message.header.DigestAlgorithm;
import io.dialtone.message.header.Headers;
import io.dialtone.session.auth.DigestServer.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.dialtone.session.auth.AuthRequests.invite;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §22.1 / RFC 7616 §3.3-§3.4 / RFC 8760: the UAS challenges and verifies")
class DigestServerTest {
    private static final String REALM = "biloxi.com";
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final DigestServer server = DigestServer.builder(REALM, PasswordLookup.of("bob", "zanzibar"))
            .clock(nanos::get).build();

    private void advanceSeconds(long s) {
        nanos.addAndGet(Duration.ofSeconds(s).toNanos());
    }

    /** The client's retry of {@code request} after {@code server} challenged it, or null when the client gave up. */
    private static SipRequest answer(DigestClient client, DigestServer server, SipRequest request, boolean stale) {
        SipResponse challenge = server.challenge(request, false, stale).toTag("t").build();
        return client.onChallenge(request, challenge) ? client.authorize(request) : null;
    }

    private static DigestClient client(String password) {
        return new DigestClient(CredentialsProvider.of(new DigestCredentials("bob", password)));
    }

    @Nested
    class Challenging {
        @Test
        void offersSha256ThenMd5WithQopAuthAndOneNonce() { // RFC 8760 §2.4
            SipResponse rsp = server.challenge(invite(), false, false).toTag("t").build();
            assertThat(rsp.statusCode()).isEqualTo(401);
            List<Challenge> challenges = rsp.typedList(Headers.WWW_AUTHENTICATE);
            assertThat(challenges).extracting(Challenge::algorithm).containsExactly("SHA-256", "MD5");
            assertThat(challenges).allSatisfy(c -> {
                assertThat(c.realm()).isEqualTo(REALM);
                assertThat(c.qopOptions()).containsExactly("auth");
                assertThat(c.stale()).isFalse();
                assertThat(c.nonce()).isEqualTo(challenges.get(0).nonce());
            });
        }

        @Test
        void proxyChallengeIs407WithProxyAuthenticate() {
            SipResponse rsp = server.challenge(invite(), true, true).toTag("t").build();
            assertThat(rsp.statusCode()).isEqualTo(407);
            assertThat(rsp.typedList(Headers.PROXY_AUTHENTICATE)).hasSize(2).allSatisfy(c -> assertThat(c.stale()).isTrue());
        }

        @Test
        void everyChallengeHasANewNonce() {
            String a = server.challenge(invite(), false, false).build().typed(Headers.WWW_AUTHENTICATE).orElseThrow().nonce();
            String b = server.challenge(invite(), false, false).build().typed(Headers.WWW_AUTHENTICATE).orElseThrow().nonce();
            assertThat(a).isNotEqualTo(b);
        }

        @Test
        void opaqueIsSentAndRequiredBack() {
            DigestServer withOpaque = DigestServer.builder(REALM, PasswordLookup.of("bob", "zanzibar")).opaque("op4que").build();
            SipRequest ok = answer(client("zanzibar"), withOpaque, invite(), false);
            assertThat(ok.typed(Headers.AUTHORIZATION).orElseThrow().opaque()).isEqualTo("op4que");
            assertThat(withOpaque.verify(ok, false).status()).isEqualTo(Status.AUTHORIZED);
            SipRequest dropped = ok.toBuilder().set("Authorization", ok.header("Authorization").orElseThrow()
                    .replace(", opaque=\"op4que\"", "")).build();
            assertThat(withOpaque.verify(dropped, false).status()).isEqualTo(Status.CHALLENGE);
        }

        @Test
        void rejectMapsVerdictsToResponses() {
            SipRequest invite = invite();
            assertThat(server.reject(invite, false, new DigestServer.Verdict(Status.CHALLENGE, null, "x")).build().statusCode()).isEqualTo(401);
            SipResponse stale = server.reject(invite, true, new DigestServer.Verdict(Status.STALE, null, "x")).build();
            assertThat(stale.statusCode()).isEqualTo(407);
            assertThat(stale.typed(Headers.PROXY_AUTHENTICATE).orElseThrow().stale()).isTrue();
            SipResponse forbidden = server.reject(invite, false, new DigestServer.Verdict(Status.FORBIDDEN, null, "bad uri")).build();
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(forbidden.reasonPhrase()).contains("bad uri");
        }
    }

    @Nested
    class RoundTrip {
        @ParameterizedTest
        @EnumSource(DigestAlgorithm.class)
        void everyAlgorithmWithQopAuth(DigestAlgorithm algorithm) {
            DigestServer s = DigestServer.builder(REALM, PasswordLookup.of("bob", "zanzibar")).algorithms(List.of(algorithm)).build();
            SipRequest retry = answer(client("zanzibar"), s, invite(), false);
            assertThat(retry.typed(Headers.AUTHORIZATION).orElseThrow().algorithm()).isEqualTo(algorithm.token());
            DigestServer.Verdict v = s.verify(retry, false);
            assertThat(v.status()).as(v.reason()).isEqualTo(Status.AUTHORIZED);
            assertThat(v.username()).isEqualTo("bob");
        }

        @ParameterizedTest
        @EnumSource(DigestAlgorithm.class)
        void everyAlgorithmWithAuthIntOverTheBody(DigestAlgorithm algorithm) {
            DigestServer s = DigestServer.builder(REALM, PasswordLookup.of("bob", "zanzibar"))
                    .algorithms(List.of(algorithm)).qop(List.of("auth-int")).build();
            SipRequest retry = answer(client("zanzibar"), s, invite(), false);
            assertThat(retry.typed(Headers.AUTHORIZATION).orElseThrow().qop()).isEqualTo("auth-int");
            assertThat(s.verify(retry, false).status()).isEqualTo(Status.AUTHORIZED);
            SipRequest tampered = retry.toBuilder().body("application/sdp", "v=0\r\no=- 2 2 IN IP4 10.0.0.1\r\n").build();
            assertThat(s.verify(tampered, false).status()).isEqualTo(Status.CHALLENGE);
        }

        @ParameterizedTest
        @EnumSource(DigestAlgorithm.class)
        void everyAlgorithmWithoutQop(DigestAlgorithm algorithm) { // RFC 2617 compatibility
            DigestServer s = DigestServer.builder(REALM, PasswordLookup.of("bob", "zanzibar"))
                    .algorithms(List.of(algorithm)).qop(List.of()).build();
            SipRequest retry = answer(client("zanzibar"), s, invite(), false);
            assertThat(retry.typed(Headers.AUTHORIZATION).orElseThrow().qop()).isNull();
            assertThat(s.verify(retry, false).status()).isEqualTo(Status.AUTHORIZED);
            assertThat(s.verify(retry, false).status()).as("a nonce without qop is good once").isEqualTo(Status.STALE);
        }

        @Test
        void proxyAuthorizationIsVerifiedWithProxyTrue() {
            DigestClient c = client("zanzibar");
            SipRequest invite = invite();
            assertThat(c.onChallenge(invite, server.challenge(invite, true, false).toTag("t").build())).isTrue();
            SipRequest retry = c.authorize(invite);
            assertThat(server.verify(retry, true).status()).isEqualTo(Status.AUTHORIZED);
            assertThat(server.verify(retry, false).status()).isEqualTo(Status.CHALLENGE);
        }

        @Test
        void laterRequestsCountUpWithTheSameNonce() {
            DigestClient c = client("zanzibar");
            assertThat(server.verify(answer(c, server, invite(), false), false).status()).isEqualTo(Status.AUTHORIZED);
            SipRequest bye = c.authorize(AuthRequests.request(SipMethod.BYE, 2));
            assertThat(bye.typed(Headers.AUTHORIZATION).orElseThrow().nc()).isEqualTo("00000002");
            assertThat(server.verify(bye, false).status()).isEqualTo(Status.AUTHORIZED);
        }
    }

    @Nested
    class Refusing {
        @Test
        void noCredentialsDrawsAChallenge() {
            assertThat(server.verify(invite(), false).status()).isEqualTo(Status.CHALLENGE);
        }

        @Test
        void wrongPasswordIsChallengedAndTheClientGivesUpAfterOneRetry() {
            DigestClient c = client("wrong");
            SipRequest retry = answer(c, server, invite(), false);
            DigestServer.Verdict v = server.verify(retry, false);
            assertThat(v.status()).isEqualTo(Status.CHALLENGE);
            assertThat(v.reason()).isEqualTo("wrong credentials");
            assertThat(answer(c, server, retry, false)).as("no second retry").isNull();
        }

        @Test
        void unknownUserLooksLikeAWrongPassword() {
            DigestClient c = new DigestClient(CredentialsProvider.of(new DigestCredentials("mallory", "zanzibar")));
            assertThat(server.verify(answer(c, server, invite(), false), false).reason()).isEqualTo("wrong credentials");
        }

        @Test
        void replayedNonceCountIsRefused() {
            SipRequest retry = answer(client("zanzibar"), server, invite(), false);
            assertThat(server.verify(retry, false).status()).isEqualTo(Status.AUTHORIZED);
            DigestServer.Verdict replay = server.verify(retry, false);
            assertThat(replay.status()).isEqualTo(Status.STALE);
            assertThat(replay.reason()).isEqualTo("nonce count reused");
        }

        @Test
        void aLowerNonceCountIsRefused() {
            DigestClient c = client("zanzibar");
            SipRequest first = answer(c, server, invite(), false);
            SipRequest second = c.authorize(first);
            assertThat(server.verify(second, false).status()).isEqualTo(Status.AUTHORIZED);
            assertThat(server.verify(first, false).status()).isEqualTo(Status.STALE);
        }

        @Test
        void expiredNonceWithTheRightPasswordIsStale() {
            DigestClient c = client("zanzibar");
            SipRequest retry = answer(c, server, invite(), false);
            advanceSeconds(301);
            assertThat(server.verify(retry, false).status()).isEqualTo(Status.STALE);
            // the client takes the stale=true challenge and succeeds with the new nonce
            SipRequest again = answer(c, server, retry, true);
            assertThat(again).isNotNull();
            assertThat(server.verify(again, false).status()).isEqualTo(Status.AUTHORIZED);
        }

        @Test
        void expiredNonceWithAWrongPasswordIsNotStale() {
            SipRequest retry = answer(client("wrong"), server, invite(), false);
            advanceSeconds(301);
            assertThat(server.verify(retry, false).status()).isEqualTo(Status.CHALLENGE);
        }

        @Test
        void aNonceWithinItsLifetimeIsFresh() {
            SipRequest retry = answer(client("zanzibar"), server, invite(), false);
            advanceSeconds(299);
            assertThat(server.verify(retry, false).status()).isEqualTo(Status.AUTHORIZED);
        }

        @Test
        void aNonceOfAnotherServerOrRealmIsNotOurs() {
            DigestServer other = DigestServer.builder(REALM, PasswordLookup.of("bob", "zanzibar")).clock(nanos::get).build();
            SipRequest retry = answer(client("zanzibar"), other, invite(), false);
            DigestServer.Verdict v = server.verify(retry, false);
            assertThat(v.status()).isEqualTo(Status.CHALLENGE);
            assertThat(v.reason()).isEqualTo("nonce not issued here");
            SipRequest forged = retry.toBuilder().set("Authorization", retry.header("Authorization").orElseThrow()
                    .replaceFirst("nonce=\"[^\"]*\"", "nonce=\"garbage!\"")).build();
            assertThat(server.verify(forged, false).reason()).isEqualTo("nonce not issued here");
        }

        @Test
        void sharedSecretLetsServersAcceptEachOthersNonces() {
            byte[] secret = new byte[32];
            DigestServer a = DigestServer.builder(REALM, PasswordLookup.of("bob", "zanzibar")).secret(secret).build();
            DigestServer b = DigestServer.builder(REALM, PasswordLookup.of("bob", "zanzibar")).secret(secret).build();
            assertThat(b.verify(answer(client("zanzibar"), a, invite(), false), false).status()).isEqualTo(Status.AUTHORIZED);
        }

        @Test
        void digestUriMustBeTheRequestUri() { // RFC 3261 §22.4
            SipRequest retry = answer(client("zanzibar"), server, invite(), false);
            SipRequest moved = retry.toBuilder().requestUri(io.dialtone.message.SipUri.of("carol", "biloxi.example.com", 5060)).build();
            DigestServer.Verdict v = server.verify(moved, false);
            assertThat(v.status()).isEqualTo(Status.FORBIDDEN);
            assertThat(v.reason()).contains("Request-URI");
        }

        @Test
        void anAlgorithmNotOfferedIsChallenged() {
            DigestServer sha = DigestServer.builder(REALM, PasswordLookup.of("bob", "zanzibar")).algorithms(List.of(DigestAlgorithm.SHA_256)).build();
            SipRequest md5 = answer(client("zanzibar"), server, invite(), false); // answered SHA-256: fine
            assertThat(md5.typed(Headers.AUTHORIZATION).orElseThrow().algorithm()).isEqualTo("SHA-256");
            SipRequest asMd5 = answer(client("zanzibar"), DigestServer.builder(REALM, PasswordLookup.of("bob", "zanzibar"))
                    .algorithms(List.of(DigestAlgorithm.MD5)).build(), invite(), false);
            assertThat(sha.verify(asMd5, false).reason()).startsWith("algorithm not offered");
        }

        @Test
        void missingParametersAreForbidden() {
            SipRequest bad = invite().toBuilder().header("Authorization",
                    "Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"n\", uri=\"sip:bob@biloxi.example.com:5060\"").build();
            DigestServer.Verdict v = server.verify(bad, false);
            assertThat(v.status()).isEqualTo(Status.FORBIDDEN);
            assertThat(v.reason()).isEqualTo("credentials lack response");
        }

        @Test
        void credentialsForAnotherRealmAreIgnored() {
            SipRequest other = invite().toBuilder().header("Authorization",
                    "Digest username=\"bob\", realm=\"elsewhere\", nonce=\"n\", uri=\"sip:x\", response=\"00\"").build();
            assertThat(server.verify(other, false).status()).isEqualTo(Status.CHALLENGE);
        }
    }

    @Nested
    class NonceTable {
        @Test
        void expiredCountsAreDroppedWhenTheTableFills() {
            DigestServer s = DigestServer.builder(REALM, PasswordLookup.of("bob", "zanzibar")).clock(nanos::get).maxTrackedNonces(2).build();
            assertThat(s.verify(answer(client("zanzibar"), s, invite(), false), false).status()).isEqualTo(Status.AUTHORIZED);
            assertThat(s.verify(answer(client("zanzibar"), s, invite(), false), false).status()).isEqualTo(Status.AUTHORIZED);
            assertThat(s.trackedNonces()).isEqualTo(2);
            advanceSeconds(301);
            assertThat(s.verify(answer(client("zanzibar"), s, invite(), false), false).status()).isEqualTo(Status.AUTHORIZED);
            assertThat(s.trackedNonces()).isEqualTo(1);
        }

        @Test
        void aFullTableNeverLetsAReplayIn() {
            DigestServer s = DigestServer.builder(REALM, PasswordLookup.of("bob", "zanzibar")).clock(nanos::get).maxTrackedNonces(4).build();
            List<SipRequest> used = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                SipRequest r = answer(client("zanzibar"), s, invite(), false);
                assertThat(s.verify(r, false).status()).isEqualTo(Status.AUTHORIZED);
                used.add(r);
                nanos.incrementAndGet(); // distinct issue times
            }
            assertThat(s.trackedNonces()).isLessThanOrEqualTo(4);
            for (SipRequest r : used) {
                assertThat(s.verify(r, false).status()).isEqualTo(Status.STALE);
            }
        }

        @Test
        void concurrentReplaysAuthorizeExactlyOnce() throws Exception {
            DigestServer shared = DigestServer.builder(REALM, PasswordLookup.of("bob", "zanzibar")).build();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (int round = 0; round < 50; round++) {
                    SipRequest r = answer(client("zanzibar"), shared, invite(), false);
                    List<Future<Status>> results = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        results.add(pool.submit(() -> shared.verify(r, false).status()));
                    }
                    int authorized = 0;
                    for (Future<Status> f : results) {
                        authorized += f.get(10, TimeUnit.SECONDS) == Status.AUTHORIZED ? 1 : 0;
                    }
                    assertThat(authorized).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void logsNeverShowThePassword() {
        String logs = LogCapture.during(() -> {
            server.verify(answer(client("zanzibar"), server, invite(), false), false);
            server.verify(answer(client("zanzibar-typo"), server, invite(), false), false);
        });
        assertThat(logs).contains("AUTHORIZED").contains("bob"); // the capture works
        assertThat(logs).doesNotContain("zanzibar");
    }
}
