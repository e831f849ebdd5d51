package io.dialtone.session;

import io.dialtone.message.CSeq;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.header.Credentials;
import io.dialtone.message.header.Headers;
import io.dialtone.rtp.SilenceSource;
import io.dialtone.session.auth.CredentialsProvider;
import io.dialtone.session.auth.DigestClient;
import io.dialtone.session.auth.DigestCredentials;
import io.dialtone.session.auth.DigestServer;
import io.dialtone.session.auth.PasswordLookup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.dialtone.session.SessionFixture.SINK;
import static org.assertj.core.api.Assertions.assertThat;

/** Digest authentication of calls through a real TransactionLayer and SessionLayer on virtual time. */
@DisplayName("RFC 3261 §22 in the UA core: 401/407 answered by the UAC, INVITEs challenged by the UAS")
class AuthenticationFlowsTest {
    private static final DigestCredentials ALICE = new DigestCredentials("alice", "s3cret");
    private SessionFixture f;

    @AfterEach
    void closeMedia() {
        f.close();
    }

    private DigestServer peer(String password) {
        return DigestServer.builder("peer.example", PasswordLookup.of("alice", password)).clock(() -> f.time.nanoTime()).build();
    }

    @Nested
    @DisplayName("UAC §22.2")
    class Uac {
        private InviteSession call(SessionConfig config) {
            f = new SessionFixture(config);
            return f.sessions.call(f.callId, SipUri.of("bob", "127.0.0.1", 5070), "UDP", SilenceSource.INSTANCE, SINK);
        }

        private InviteSession call() {
            return call(SessionConfig.builder().credentials(CredentialsProvider.of(ALICE)).build());
        }

        /** The peer challenges the last INVITE; returns that INVITE. */
        private SipRequest challengeInvite(DigestServer peer, boolean proxy) {
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(peer.challenge(invite, proxy, false).toTag("peer1").build());
            return invite;
        }

        @Test
        void inviteChallengedWith401IsSentAgainAuthorized() {
            InviteSession s = call();
            DigestServer peer = peer("s3cret");
            SipRequest first = challengeInvite(peer, false);
            List<SipRequest> invites = f.wire.requests(SipMethod.INVITE);
            assertThat(invites).hasSize(2);
            SipRequest retry = invites.get(1);
            assertThat(f.wire.requests(SipMethod.ACK)).as("the 401 is ACKed by the transaction (§17.1.1.3)").hasSize(1);
            assertThat(retry.topVia().branch()).isNotEqualTo(first.topVia().branch());
            assertThat(retry.cseq()).isEqualTo(new CSeq(2, SipMethod.INVITE));
            assertThat(retry.callId()).isEqualTo(first.callId());
            assertThat(retry.from().tag()).isEqualTo(first.from().tag());
            assertThat(retry.to().tag()).isNull();
            assertThat(retry.body()).isEqualTo(first.body());
            Credentials c = retry.typed(Headers.AUTHORIZATION).orElseThrow();
            assertThat(c.algorithm()).isEqualTo("SHA-256"); // the peer's first choice (RFC 8760 §2.4)
            assertThat(c.uri()).isEqualTo(retry.requestUri().toString());
            assertThat(peer.verify(retry, false).status()).isEqualTo(DigestServer.Status.AUTHORIZED);
            assertThat(s.state()).isEqualTo(SessionState.CALLING);

            f.receive(SessionFixture.okWithAnswer(retry).build());
            assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);
            SipRequest ack = f.wire.lastRequest(SipMethod.ACK);
            assertThat(ack.cseq()).isEqualTo(new CSeq(2, SipMethod.ACK));
            assertThat(ack.headerValues("Authorization")).as("§13.2.2.4: same credentials as the INVITE")
                    .isEqualTo(retry.headerValues("Authorization"));
            hangUpAndDrain(s);
        }

        @Test
        @DisplayName("RFC 4028 §7.4 after §22.2: the 422 retry carries fresh credentials, not a replay")
        void a422RetryAfterAChallengeIsAuthorizedAfresh() {
            call(SessionConfig.builder().credentials(CredentialsProvider.of(ALICE)).sessionExpiresSec(90).build());
            DigestServer peer = peer("s3cret");
            challengeInvite(peer, false);
            SipRequest authorized = f.wire.lastRequest(SipMethod.INVITE);
            assertThat(peer.verify(authorized, false).status()).isEqualTo(DigestServer.Status.AUTHORIZED);
            f.receive(SessionFixture.answer(authorized, 422).set("Min-SE", "180").build());
            SipRequest retry = f.wire.lastRequest(SipMethod.INVITE);
            assertThat(retry.cseq().number()).isEqualTo(3);
            assertThat(retry.sessionExpires().orElseThrow().deltaSeconds()).isEqualTo(180);
            Credentials c = retry.typed(Headers.AUTHORIZATION).orElseThrow();
            assertThat(c.param("nc")).isEqualTo("00000002");
            assertThat(retry.headerValues("Authorization")).hasSize(1);
            assertThat(peer.verify(retry, false).status()).as("not a replay of the nc the peer already saw")
                    .isEqualTo(DigestServer.Status.AUTHORIZED);
        }

        @Test
        void inviteChallengedWith407CarriesProxyAuthorization() {
            InviteSession s = call();
            DigestServer proxy = peer("s3cret");
            challengeInvite(proxy, true);
            SipRequest retry = f.wire.lastRequest(SipMethod.INVITE);
            assertThat(retry.headerValues("Authorization")).isEmpty();
            assertThat(proxy.verify(retry, true).status()).isEqualTo(DigestServer.Status.AUTHORIZED);
            f.receive(SessionFixture.okWithAnswer(retry).build());
            assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);
            hangUpAndDrain(s);
        }

        @Test
        void withoutCredentialsTheChallengeEndsTheCall() {
            InviteSession s = call(SessionConfig.builder().build());
            challengeInvite(peer("s3cret"), false);
            assertThat(f.wire.requests(SipMethod.INVITE)).hasSize(1);
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            assertThat(s.outcome().join().statusCode()).isEqualTo(401);
            f.drainAndAssertIdle();
        }

        @Test
        void aWrongPasswordFailsAfterOneRetry() {
            InviteSession s = call();
            DigestServer peer = peer("other");
            challengeInvite(peer, false);
            SipRequest retry = f.wire.lastRequest(SipMethod.INVITE);
            assertThat(peer.verify(retry, false).status()).isEqualTo(DigestServer.Status.CHALLENGE);
            f.receive(peer.challenge(retry, false, false).toTag("peer1").build());
            assertThat(f.wire.requests(SipMethod.INVITE)).hasSize(2);
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            assertThat(s.outcome().join().statusCode()).isEqualTo(401);
            assertThat(s.ended().join().status()).isEqualTo(401);
            f.drainAndAssertIdle();
        }

        @Test
        void aStaleNonceIsAnsweredAgain() {
            InviteSession s = call();
            DigestServer peer = peer("s3cret");
            challengeInvite(peer, false);
            SipRequest retry = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(peer.challenge(retry, false, true).toTag("peer1").build()); // stale=true
            SipRequest third = f.wire.lastRequest(SipMethod.INVITE);
            assertThat(third.cseq().number()).isEqualTo(3);
            assertThat(peer.verify(third, false).status()).isEqualTo(DigestServer.Status.AUTHORIZED);
            f.receive(SessionFixture.okWithAnswer(third).build());
            assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);
            hangUpAndDrain(s);
        }

        @Test
        void aServerRepeatingStaleCannotMakeUsLoop() {
            InviteSession s = call();
            DigestServer peer = peer("s3cret");
            challengeInvite(peer, false);
            for (int i = 0; i < 10; i++) {
                f.receive(peer.challenge(f.wire.lastRequest(SipMethod.INVITE), false, true).toTag("peer1").build());
            }
            assertThat(f.wire.requests(SipMethod.INVITE)).hasSize(1 + UacChallenge.MAX_INVITE_RETRIES);
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            f.drainAndAssertIdle();
        }

        @Test
        void aChallengedByeIsSentAgainOnceWithTheNextCSeq() {
            InviteSession s = call();
            DigestServer peer = peer("s3cret");
            f.receive(SessionFixture.okWithAnswer(f.wire.lastRequest(SipMethod.INVITE)).build());
            s.hangup();
            SipRequest bye = f.wire.lastRequest(SipMethod.BYE);
            f.receive(peer.challenge(bye, false, false).build());
            List<SipRequest> byes = f.wire.requests(SipMethod.BYE);
            assertThat(byes).hasSize(2);
            SipRequest retry = byes.get(1);
            assertThat(retry.cseq()).isEqualTo(new CSeq(bye.cseq().number() + 1, SipMethod.BYE));
            assertThat(retry.topVia().branch()).isNotEqualTo(bye.topVia().branch());
            assertThat(retry.header("Reason")).isEqualTo(bye.header("Reason"));
            assertThat(peer.verify(retry, false).status()).isEqualTo(DigestServer.Status.AUTHORIZED);
            assertThat(s.state()).isEqualTo(SessionState.TERMINATING);
            f.receive(SessionFixture.answer(retry, 200).build());
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            f.drainAndAssertIdle();
        }

        @Test
        void aByeRejectedTwiceEndsTheSession() {
            InviteSession s = call();
            DigestServer peer = peer("other");
            f.receive(SessionFixture.okWithAnswer(f.wire.lastRequest(SipMethod.INVITE)).build());
            s.hangup();
            f.receive(peer.challenge(f.wire.lastRequest(SipMethod.BYE), false, false).build());
            f.receive(peer.challenge(f.wire.lastRequest(SipMethod.BYE), false, false).build());
            assertThat(f.wire.requests(SipMethod.BYE)).hasSize(2);
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            f.drainAndAssertIdle();
        }

        @Test
        void aChallengedRefreshIsSentAgainAndRefreshes() { // RFC 4028 §10 refresh by UPDATE
            InviteSession s = call(SessionConfig.builder().credentials(CredentialsProvider.of(ALICE)).sessionExpiresSec(90).build());
            DigestServer peer = peer("s3cret");
            f.receive(SessionFixture.okWithAnswer(f.wire.lastRequest(SipMethod.INVITE))
                    .header("Session-Expires", "90;refresher=uac").header("Allow", "INVITE, ACK, BYE, UPDATE").build());
            f.advance(45);
            SipRequest update = f.wire.lastRequest(SipMethod.UPDATE);
            f.receive(peer.challenge(update, true, false).build());
            SipRequest retry = f.wire.lastRequest(SipMethod.UPDATE);
            assertThat(retry.cseq().number()).isEqualTo(update.cseq().number() + 1);
            assertThat(retry.sessionExpires()).isEqualTo(update.sessionExpires());
            assertThat(peer.verify(retry, true).status()).isEqualTo(DigestServer.Status.AUTHORIZED);
            f.receive(SessionFixture.answer(retry, 200).header("Session-Expires", "90;refresher=uac").build());
            assertThat(s.refreshes()).isEqualTo(1);
            hangUpAndDrain(s);
        }

        private void hangUpAndDrain(InviteSession s) {
            s.hangup();
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            f.drainAndAssertIdle();
        }
    }

    @Nested
    @DisplayName("UAS §22.1")
    class Uas {
        private DigestServer server;

        private void serve(Duration nonceLifetime) {
            server = DigestServer.builder("dialtone.example", PasswordLookup.of("alice", "s3cret"))
                    .clock(() -> f.time.nanoTime()).nonceLifetime(nonceLifetime).build();
            f = new SessionFixture(SessionConfig.builder().digestServer(server).build());
        }

        /** The peer's retry of {@code invite} answering {@code challenge} with {@code password}. */
        private SipRequest authorized(SipRequest invite, SipResponse challenge, String password) {
            DigestClient client = new DigestClient(CredentialsProvider.of(new DigestCredentials("alice", password)));
            assertThat(client.onChallenge(invite, challenge)).isTrue();
            return client.authorize(invite.toBuilder().topVia(io.dialtone.message.Via.of("UDP", "127.0.0.1", 5070, f.newBranch()))
                    .cseq(invite.cseq().number() + 1, SipMethod.INVITE).build());
        }

        @Test
        void inviteWithoutCredentialsIs401AndCreatesNoSession() {
            serve(Duration.ofSeconds(300));
            SipRequest invite = f.invite();
            f.receive(invite);
            SipResponse challenge = f.wire.lastResponse(SipMethod.INVITE);
            assertThat(challenge.statusCode()).isEqualTo(401);
            assertThat(challenge.to().tag()).isNotBlank();
            assertThat(challenge.typedList(Headers.WWW_AUTHENTICATE)).extracting(c -> c.algorithm()).containsExactly("SHA-256", "MD5");
            assertThat(f.incoming).isEmpty();
            assertThat(f.sessions.activeSessions()).isZero();
            f.receive(SessionFixture.ackForFailure(invite, challenge));

            SipRequest retry = authorized(invite, challenge, "s3cret");
            InviteSession s = f.ring(retry);
            assertThat(s.state()).isEqualTo(SessionState.INCOMING);
            s.reject(486);
            f.receive(SessionFixture.ackForFailure(retry, f.wire.lastResponse(SipMethod.INVITE)));
            f.drainAndAssertIdle();
        }

        @Test
        void wrongPasswordIsChallengedAgain() {
            serve(Duration.ofSeconds(300));
            SipRequest invite = f.invite();
            f.receive(invite);
            SipRequest retry = authorized(invite, f.wire.lastResponse(SipMethod.INVITE), "guess");
            f.receive(retry);
            assertThat(f.wire.lastResponse(SipMethod.INVITE).statusCode()).isEqualTo(401);
            assertThat(f.incoming).isEmpty();
            f.drainAndAssertIdle();
        }

        @Test
        void expiredNonceIsChallengedWithStaleTrue() {
            serve(Duration.ofSeconds(30));
            SipRequest invite = f.invite();
            f.receive(invite);
            SipRequest retry = authorized(invite, f.wire.lastResponse(SipMethod.INVITE), "s3cret");
            f.advance(31);
            f.receive(retry);
            SipResponse stale = f.wire.lastResponse(SipMethod.INVITE);
            assertThat(stale.statusCode()).isEqualTo(401);
            assertThat(stale.typed(Headers.WWW_AUTHENTICATE).orElseThrow().stale()).isTrue();
            assertThat(f.incoming).isEmpty();
            f.drainAndAssertIdle();
        }

        @Test
        void credentialsForAnotherRequestUriAre403() {
            serve(Duration.ofSeconds(300));
            SipRequest invite = f.invite();
            f.receive(invite);
            SipRequest retry = authorized(invite, f.wire.lastResponse(SipMethod.INVITE), "s3cret");
            f.receive(retry.toBuilder().requestUri(SipUri.of("carol", "127.0.0.1", 5060)).build());
            assertThat(f.wire.lastResponse(SipMethod.INVITE).statusCode()).isEqualTo(403);
            assertThat(f.incoming).isEmpty();
            f.drainAndAssertIdle();
        }

        @Test
        void malformedAuthorizationIs400NamingTheHeader() {
            serve(Duration.ofSeconds(300));
            f.receive(f.invite(b -> b.header("Authorization", "Digest realm=\"dialtone.example\", nc=xyz")));
            SipResponse rsp = f.wire.lastResponse(SipMethod.INVITE);
            assertThat(rsp.statusCode()).isEqualTo(400);
            assertThat(rsp.reasonPhrase()).contains("Authorization");
            assertThat(f.incoming).isEmpty();
            f.drainAndAssertIdle();
        }
    }
}
