package io.dialtone.session;

import io.dialtone.message.CSeq;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.rtp.SilenceSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.dialtone.session.SessionFixture.SINK;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3262 reliable provisional responses")
class ReliableProvisionalsTest {
    private SessionFixture f = new SessionFixture();

    @AfterEach
    void closeMedia() {
        f.close();
    }

    private void use(Rel100 policy) {
        f.close();
        f = new SessionFixture(SessionConfig.builder().rel100(policy).build());
    }

    private SipRequest prack(SipResponse provisional, long cseq, String rack) {
        return f.inDialog(SipMethod.PRACK, cseq, provisional, b -> b.header("RAck", rack));
    }

    private static long rseq(SipResponse r) {
        return Long.parseLong(r.header("RSeq").orElseThrow());
    }

    private List<SipResponse> provisionals(int status) {
        return f.wire.responses(SipMethod.INVITE).stream().filter(r -> r.statusCode() == status).toList();
    }

    /** Our BYE answered, every timer run out, nothing left. */
    private void hangUpAndDrain(InviteSession s) {
        s.hangup();
        f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
        f.drainAndAssertIdle();
    }

    // ================================================================== UAS §3

    @Nested
    @DisplayName("UAS §3")
    class Uas {
        @Test
        void requireGetsAReliableRingingWithRseqBelow2To31() {
            f.ring(f.invite(b -> b.header("Require", "100rel")));
            SipResponse ringing = f.wire.lastResponse(180, SipMethod.INVITE);
            assertThat(ringing.lists("Require", "100rel")).isTrue();
            assertThat(rseq(ringing)).isBetween(1L, (1L << 31) - 1);
        }

        @Test
        void supportedAloneGetsAnUnreliableRingingUnlessPreferred() {
            f.ring(f.invite(b -> b.header("Supported", "timer, 100rel")));
            assertThat(f.wire.lastResponse(180, SipMethod.INVITE).header("RSeq")).isEmpty();
            use(Rel100.PREFERRED);
            f.ring(f.invite(b -> b.set("Supported", "timer, 100rel")));
            assertThat(f.wire.lastResponse(180, SipMethod.INVITE).lists("Require", "100rel")).isTrue();
        }

        @Test
        @DisplayName("§8.2.2.3: Require: 100rel with 100rel disabled gets 420")
        void requireWhenDisabledGets420() {
            use(Rel100.DISABLED);
            f.receive(f.invite(b -> b.header("Require", "100rel")));
            SipResponse r = f.wire.lastResponse(SipMethod.INVITE);
            assertThat(r.statusCode()).isEqualTo(420);
            assertThat(r.headerList("Unsupported")).containsExactly("100rel");
            assertThat(f.incoming).isEmpty();
        }

        @Test
        void retransmittedAtT1DoublingUntilTheMatchingPrack() {
            SipRequest invite = f.invite(b -> b.header("Require", "100rel"));
            InviteSession s = f.ring(invite);
            SipResponse ringing = f.wire.lastResponse(180, SipMethod.INVITE);
            f.advanceTo(16);
            assertThat(f.wire.responseTimes(180, SipMethod.INVITE)).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15500L);
            assertThat(provisionals(180)).allSatisfy(r -> assertThat(r.toBytes()).isEqualTo(ringing.toBytes()));
            f.receive(prack(ringing, 2, rseq(ringing) + " 1 INVITE"));
            assertThat(f.wire.statuses(SipMethod.PRACK)).containsExactly(200);
            f.advanceTo(40);
            assertThat(f.wire.responseTimes(180, SipMethod.INVITE)).hasSize(6);
            assertThat(s.state()).isEqualTo(SessionState.INCOMING);
            s.hangup();
            f.receive(SessionFixture.ackForFailure(invite, f.wire.lastResponse(603, SipMethod.INVITE)));
            f.drainAndAssertIdle();
        }

        @Test
        void prackNotMatchingGets481AndRetransmissionsGoOn() {
            SipRequest invite = f.invite(b -> b.header("Require", "100rel"));
            InviteSession s = f.ring(invite);
            SipResponse ringing = f.wire.lastResponse(180, SipMethod.INVITE);
            f.receive(prack(ringing, 2, (rseq(ringing) + 1) + " 1 INVITE"));
            f.receive(prack(ringing, 3, rseq(ringing) + " 2 INVITE"));
            f.receive(prack(ringing, 4, rseq(ringing) + " 1 UPDATE"));
            f.receive(prack(ringing, 5, "garbage"));
            assertThat(f.wire.statuses(SipMethod.PRACK)).containsExactly(481, 481, 481, 481);
            f.advanceTo(2);
            assertThat(f.wire.responseTimes(180, SipMethod.INVITE)).hasSize(3);
            f.receive(prack(ringing, 6, rseq(ringing) + " 1 invite"));
            assertThat(f.wire.statuses(SipMethod.PRACK)).endsWith(200);
            s.hangup();
            f.receive(SessionFixture.ackForFailure(invite, f.wire.lastResponse(603, SipMethod.INVITE)));
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§3: no PRACK within 64·T1 rejects the INVITE with 5xx")
        void noPrackRejectsTheInviteAt64T1() {
            SipRequest invite = f.invite(b -> b.header("Require", "100rel"));
            InviteSession s = f.ring(invite);
            f.advanceTo(31.9);
            assertThat(s.state()).isEqualTo(SessionState.INCOMING);
            f.advanceTo(32);
            assertThat(f.wire.statuses(SipMethod.INVITE)).endsWith(500);
            assertThat(f.wire.responseTimes(500, SipMethod.INVITE)).containsExactly(32_000L);
            assertThat(s.state()).isEqualTo(SessionState.TERMINATED);
            f.advanceTo(40);
            assertThat(f.wire.responseTimes(180, SipMethod.INVITE)).hasSize(7); // 0 … 31.5 s, then none
            f.receive(SessionFixture.ackForFailure(invite, f.wire.lastResponse(500, SipMethod.INVITE)));
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§3: one unacknowledged reliable provisional at a time; RSeq +1")
        void secondReliableProvisionalWaitsForThePrackOfTheFirst() {
            SipRequest invite = f.invite(b -> b.header("Require", "100rel"));
            InviteSession s = f.ring(invite);
            SipResponse ringing = f.wire.lastResponse(180, SipMethod.INVITE);
            s.progress(SilenceSource.INSTANCE, SINK);
            assertThat(provisionals(183)).isEmpty();
            f.receive(prack(ringing, 2, rseq(ringing) + " 1 INVITE"));
            SipResponse progress = f.wire.lastResponse(183, SipMethod.INVITE);
            assertThat(rseq(progress)).isEqualTo(rseq(ringing) + 1);
            assertThat(progress.lists("Require", "100rel")).isTrue();
            f.receive(prack(progress, 3, rseq(progress) + " 1 INVITE"));
            assertThat(f.wire.statuses(SipMethod.PRACK)).containsExactly(200, 200);
            s.answer(SilenceSource.INSTANCE, SINK);
            SipResponse ok = f.wire.lastResponse(200, SipMethod.INVITE);
            f.receive(f.ackFor2xx(invite, ok));
            hangUpAndDrain(s);
        }

        @Test
        @DisplayName("§3: the 2xx waits for the PRACK of a reliable provisional with SDP")
        void okWaitsForThePrackOfAReliableProvisionalWithSdp() {
            use(Rel100.PREFERRED);
            SipRequest invite = f.invite(b -> b.set("Supported", "timer, 100rel"));
            InviteSession s = f.ring(invite);
            SipResponse ringing = f.wire.lastResponse(180, SipMethod.INVITE);
            f.receive(prack(ringing, 2, rseq(ringing) + " 1 INVITE"));
            s.progress(SilenceSource.INSTANCE, SINK);
            SipResponse progress = f.wire.lastResponse(183, SipMethod.INVITE);
            s.answer(SilenceSource.INSTANCE, SINK);
            assertThat(f.wire.statuses(SipMethod.INVITE)).doesNotContain(200);
            assertThat(s.state()).isEqualTo(SessionState.INCOMING);
            f.receive(prack(progress, 3, rseq(progress) + " 1 INVITE"));
            SipResponse ok = f.wire.lastResponse(200, SipMethod.INVITE);
            assertThat(ok.hasBody()).as("the answer went in the reliable 183").isFalse();
            assertThat(s.state()).isEqualTo(SessionState.ANSWERED);
            f.receive(f.ackFor2xx(invite, ok));
            hangUpAndDrain(s);
        }

        @Test
        void okWithoutSdpInTheProvisionalGoesAtOnceAndStopsItsRetransmissions() {
            SipRequest invite = f.invite(b -> b.header("Require", "100rel"));
            InviteSession s = f.ring(invite);
            SipResponse ringing = f.wire.lastResponse(180, SipMethod.INVITE);
            s.answer(SilenceSource.INSTANCE, SINK);
            SipResponse ok = f.wire.lastResponse(200, SipMethod.INVITE);
            assertThat(ok.hasBody()).isTrue();
            f.receive(f.ackFor2xx(invite, ok));
            f.advanceTo(5);
            assertThat(f.wire.responseTimes(180, SipMethod.INVITE)).containsExactly(0L);
            f.receive(prack(ringing, 2, rseq(ringing) + " 1 INVITE")); // late PRACK still matches
            assertThat(f.wire.statuses(SipMethod.PRACK)).containsExactly(200);
            hangUpAndDrain(s);
        }

        @Test
        void cancelStopsTheRetransmissions() {
            SipRequest invite = f.invite(b -> b.header("Require", "100rel"));
            f.ring(invite);
            f.receive(SessionFixture.cancel(invite));
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(180, 487);
            f.advanceTo(10);
            assertThat(f.wire.responseTimes(180, SipMethod.INVITE)).hasSize(1);
            f.receive(SessionFixture.ackForFailure(invite, f.wire.lastResponse(487, SipMethod.INVITE)));
            f.drainAndAssertIdle();
        }
    }

    // ================================================================== UAC §4

    @Nested
    @DisplayName("UAC §4")
    class Uac {
        private InviteSession call() {
            return f.sessions.call(f.callId, SipUri.of("bob", "127.0.0.1", 5070), "UDP", SilenceSource.INSTANCE, SINK);
        }

        private SipResponse reliable(SipRequest invite, int status, long rseq) {
            return SessionFixture.answer(invite, status).header("Require", "100rel").header("RSeq", Long.toString(rseq)).build();
        }

        @Test
        void inviteAdvertises100relUnlessDisabled() {
            call();
            assertThat(f.wire.lastRequest(SipMethod.INVITE).lists("Supported", "100rel")).isTrue();
            assertThat(f.wire.lastRequest(SipMethod.INVITE).lists("Allow", "PRACK")).isTrue();
            use(Rel100.DISABLED);
            call();
            assertThat(f.wire.lastRequest(SipMethod.INVITE).lists("Supported", "100rel")).isFalse();
        }

        @Test
        void eachNewReliableProvisionalIsPrackedOnceInItsEarlyDialog() {
            InviteSession s = call();
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            SipResponse ringing = reliable(invite, 180, 7);
            f.receive(ringing);
            SipRequest prack = f.wire.lastRequest(SipMethod.PRACK);
            assertThat(prack.header("RAck")).hasValue("7 1 INVITE");
            assertThat(prack.cseq()).isEqualTo(new CSeq(2, SipMethod.PRACK));
            assertThat(prack.to().tag()).isEqualTo(SessionFixture.PEER_TAG);
            assertThat(prack.from().tag()).isEqualTo(invite.from().tag());
            assertThat(prack.callId()).isEqualTo(invite.callId());
            assertThat(prack.requestUri()).isEqualTo(SipUri.parse("sip:alice@127.0.0.1:5070"));
            f.receive(SessionFixture.answer(prack, 200).build());
            f.receive(ringing); // retransmission: no second PRACK
            assertThat(f.wire.requests(SipMethod.PRACK)).hasSize(1);
            f.receive(reliable(invite, 180, 9)); // skips 8: dropped (§4)
            assertThat(f.wire.requests(SipMethod.PRACK)).hasSize(1);
            f.receive(reliable(invite, 183, 8));
            assertThat(f.wire.lastRequest(SipMethod.PRACK).header("RAck")).hasValue("8 1 INVITE");
            assertThat(f.wire.lastRequest(SipMethod.PRACK).cseq().number()).isEqualTo(3);
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.PRACK), 200).build());
            f.receive(SessionFixture.okWithAnswer(invite).build());
            assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);
            assertThat(f.wire.lastRequest(SipMethod.ACK).cseq()).isEqualTo(new CSeq(1, SipMethod.ACK));
            s.hangup();
            SipRequest bye = f.wire.lastRequest(SipMethod.BYE);
            assertThat(bye.cseq()).isEqualTo(new CSeq(4, SipMethod.BYE));
            f.receive(SessionFixture.answer(bye, 200).build());
            f.drainAndAssertIdle();
        }

        @Test
        void unreliableProvisionalIsNotPracked() {
            call();
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.INVITE), 180).header("RSeq", "5").build());
            assertThat(f.wire.requests(SipMethod.PRACK)).isEmpty();
        }

        @Test
        void disabledDoesNotPrack() {
            use(Rel100.DISABLED);
            call();
            f.receive(reliable(f.wire.lastRequest(SipMethod.INVITE), 180, 1));
            assertThat(f.wire.requests(SipMethod.PRACK)).isEmpty();
        }
    }
}
