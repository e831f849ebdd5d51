package io.dialtone.session;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.header.Replaces;
import io.dialtone.rtp.SilenceSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.dialtone.session.SessionFixture.SINK;
import static io.dialtone.session.SessionFixture.answer;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3515 REFER with RFC 3892 Referred-By, both roles")
class TransferTest {
    private static final SipUri CAROL = SipUri.of("carol", "127.0.0.1", 5080);
    private static final String SIPFRAG = "message/sipfrag;version=2.0";
    private final SessionFixture f = new SessionFixture();

    @AfterEach
    void closeMedia() {
        f.close();
    }

    private SipRequest peerNotify(SipResponse ok, long cseq, String event, String state, String frag) {
        return f.inDialog(SipMethod.NOTIFY, cseq, ok, b -> {
            b.header("Event", event).header("Subscription-State", state);
            if (frag != null) {
                b.body(SIPFRAG, frag);
            }
        });
    }

    /** Ends the confirmed session {@code s} (if still up) and checks nothing is left. */
    private void byeAndDrain(InviteSession s) {
        if (s.state() == SessionState.CONFIRMED) {
            s.hangup();
        }
        for (SipRequest bye : f.wire.requests(SipMethod.BYE)) {
            f.receive(answer(bye, 200).build());
        }
        f.drainAndAssertIdle();
    }

    @Nested
    @DisplayName("transferor (§2.4.1, §2.4.4)")
    class Transferor {
        SipResponse ok;
        InviteSession call;
        CompletableFuture<TransferOutcome> outcome;
        SipRequest refer;

        void referAndAccept() {
            ok = f.establish(f.invite());
            call = f.incoming.get(0);
            outcome = f.sessions.extensions().refer(call, ReferTarget.format(CAROL), true);
            refer = f.wire.lastRequest(SipMethod.REFER);
            f.receive(answer(refer, 202).build());
        }

        @Test
        void referCarriesReferToAndReferredByInTheDialog() {
            referAndAccept();
            assertThat(refer.header("Refer-To")).contains("<sip:carol@127.0.0.1:5080>");
            assertThat(refer.header("Referred-By")).contains("<sip:dialtone@127.0.0.1:5060>");
            assertThat(refer.to().tag()).isEqualTo(SessionFixture.PEER_TAG);
            assertThat(refer.from().tag()).isEqualTo(ok.to().tag());
            assertThat(refer.cseq().number()).isEqualTo(1);
            byeAndDrain(call);
        }

        @Test
        @DisplayName("100 Trying then 200 OK: each NOTIFY answered 200, success, then BYE")
        void sipfragSequenceToSuccessThenBye() {
            referAndAccept();
            f.receive(peerNotify(ok, 2, "refer", "active;expires=60", "SIP/2.0 100 Trying\r\n"));
            assertThat(f.wire.statuses(SipMethod.NOTIFY)).containsExactly(200);
            assertThat(outcome).isNotDone();
            assertThat(f.wire.requests(SipMethod.BYE)).isEmpty();
            f.receive(peerNotify(ok, 3, "refer;id=1", "terminated;reason=noresource", "SIP/2.0 200 OK\r\n"));
            assertThat(f.wire.statuses(SipMethod.NOTIFY)).containsExactly(200, 200);
            assertThat(outcome.join()).isEqualTo(new TransferOutcome(true, 200, "transferee reported 200 OK"));
            assertThat(f.wire.requests(SipMethod.BYE)).hasSize(1);
            byeAndDrain(call);
        }

        @Test
        void notifyBeforeThe202IsAccepted() {
            ok = f.establish(f.invite());
            call = f.incoming.get(0);
            outcome = f.sessions.extensions().refer(call, ReferTarget.format(CAROL), false);
            refer = f.wire.lastRequest(SipMethod.REFER);
            f.receive(peerNotify(ok, 2, "refer", "active;expires=60", "SIP/2.0 100 Trying\r\n"));
            f.receive(answer(refer, 202).build());
            f.receive(peerNotify(ok, 3, "refer", "terminated;reason=noresource", "SIP/2.0 200 OK\r\n"));
            assertThat(outcome.join().succeeded()).isTrue();
            assertThat(f.wire.requests(SipMethod.BYE)).as("hangupOnSuccess false").isEmpty();
            byeAndDrain(call);
        }

        @Test
        void failureStatusLineFailsTheTransferAndKeepsTheCall() {
            referAndAccept();
            f.receive(peerNotify(ok, 2, "refer", "terminated;reason=noresource", "SIP/2.0 486 Busy Here\r\n"));
            assertThat(outcome.join()).isEqualTo(new TransferOutcome(false, 486, "transferee reported 486 Busy Here"));
            assertThat(call.state()).isEqualTo(SessionState.CONFIRMED);
            byeAndDrain(call);
        }

        @Test
        void terminatedWithoutAFinalStatusFails() {
            referAndAccept();
            f.receive(peerNotify(ok, 2, "refer", "active", "SIP/2.0 100 Trying\r\n"));
            f.receive(peerNotify(ok, 3, "refer", "terminated;reason=timeout", null));
            assertThat(outcome.join().succeeded()).isFalse();
            assertThat(outcome.join().reason()).contains("timeout");
            byeAndDrain(call);
        }

        @Test
        void referRejectedFails() {
            ok = f.establish(f.invite());
            call = f.incoming.get(0);
            outcome = f.sessions.extensions().refer(call, ReferTarget.format(CAROL), true);
            f.receive(answer(f.wire.lastRequest(SipMethod.REFER), 603).build());
            assertThat(outcome.join()).extracting(TransferOutcome::succeeded, TransferOutcome::status).containsExactly(false, 603);
            byeAndDrain(call);
        }

        @Test
        @DisplayName("RFC 6665 §4.1.2.4: no NOTIFY 64·T1 after the 202 fails with 408")
        void noNotifyFails() {
            referAndAccept();
            f.advance(31.9);
            assertThat(outcome).isNotDone();
            f.advance(0.2);
            assertThat(outcome.join().status()).isEqualTo(408);
            byeAndDrain(call);
        }

        @Test
        @DisplayName("§2.4.6: a NOTIFY for another REFER's id, or without Subscription-State, is refused")
        void foreignOrMalformedNotify() {
            referAndAccept();
            f.receive(peerNotify(ok, 2, "refer;id=99", "active", "SIP/2.0 100 Trying\r\n"));
            f.receive(f.inDialog(SipMethod.NOTIFY, 3, ok, b -> b.header("Event", "refer").body(SIPFRAG, "SIP/2.0 200 OK\r\n")));
            f.receive(peerNotify(ok, 4, "refer", "active", "not a status line"));
            assertThat(f.wire.statuses(SipMethod.NOTIFY)).containsExactly(481, 400, 400);
            assertThat(outcome).isNotDone();
            byeAndDrain(call);
        }

        @Test
        void theCallEndingFirstFailsTheTransfer() {
            referAndAccept();
            f.receive(f.inDialog(SipMethod.BYE, 2, ok));
            assertThat(outcome.join()).extracting(TransferOutcome::succeeded, TransferOutcome::status).containsExactly(false, 481);
            f.drainAndAssertIdle();
        }
    }

    @Nested
    @DisplayName("transferee (§2.4.2-§2.4.5)")
    class Transferee {
        final List<ReferRequest> refers = new ArrayList<>();
        final List<InviteSession> placed = new ArrayList<>();
        SipResponse ok;
        InviteSession call;

        void establishAccepting() {
            f.sessions.extensions().referListener((s, r) -> {
                refers.add(r);
                return TransferDecision.accept(SilenceSource.INSTANCE, SINK, placed::add);
            });
            ok = f.establish(f.invite());
            call = f.incoming.get(0);
        }

        SipRequest refer(long cseq, String referTo) {
            return f.inDialog(SipMethod.REFER, cseq, ok, b -> b.header("Refer-To", referTo)
                    .header("Referred-By", "<sip:alice@127.0.0.1:5070>").header("Contact", SessionFixture.PEER_CONTACT));
        }

        @Test
        @DisplayName("202, NOTIFY 100 Trying, INVITE to the target, NOTIFY 200 OK terminated, then BYE")
        void blindTransferToSuccess() {
            establishAccepting();
            f.receive(refer(2, "<sip:carol@127.0.0.1:5080>"));
            f.time.runPending();
            assertThat(f.wire.statuses(SipMethod.REFER)).containsExactly(202);
            SipRequest trying = f.wire.lastRequest(SipMethod.NOTIFY);
            assertThat(trying.header("Event")).contains("refer;id=2");
            assertThat(trying.header("Subscription-State")).contains("active;expires=60");
            assertThat(trying.header("Content-Type")).contains(SIPFRAG);
            assertThat(trying.bodyText()).isEqualTo("SIP/2.0 100 Trying\r\n");
            assertThat(trying.callId()).isEqualTo(ok.callId());

            SipRequest invite = f.wire.requests(SipMethod.INVITE).get(0);
            assertThat(invite.requestUri()).isEqualTo(CAROL);
            assertThat(invite.callId()).isNotEqualTo(ok.callId());
            assertThat(invite.header("Referred-By")).contains("<sip:alice@127.0.0.1:5070>");
            assertThat(invite.header("Replaces")).isEmpty();
            assertThat(placed).hasSize(1);
            assertThat(refers.get(0).target()).isEqualTo(CAROL);

            f.receive(answer(trying, 200).build());
            f.receive(SessionFixture.okWithAnswer(invite).build());
            f.time.runPending();
            SipRequest done = f.wire.lastRequest(SipMethod.NOTIFY);
            assertThat(done).isNotSameAs(trying);
            assertThat(done.header("Subscription-State")).contains("terminated;reason=noresource");
            assertThat(done.bodyText()).isEqualTo("SIP/2.0 200 OK\r\n");
            assertThat(done.cseq().number()).isGreaterThan(trying.cseq().number());
            assertThat(f.wire.requests(SipMethod.BYE)).as("BYE only after the final NOTIFY is answered").isEmpty();

            f.receive(answer(done, 200).build());
            assertThat(f.wire.requests(SipMethod.BYE)).hasSize(1);
            assertThat(f.wire.lastRequest(SipMethod.BYE).callId()).isEqualTo(ok.callId());
            f.receive(answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            assertThat(call.state()).isEqualTo(SessionState.TERMINATED);
            placed.get(0).hangup();
            byeAndDrain(placed.get(0));
        }

        @Test
        void failedNewCallIsReportedAndTheOriginalStays() {
            establishAccepting();
            f.receive(refer(2, "<sip:carol@127.0.0.1:5080>"));
            f.time.runPending();
            SipRequest trying = f.wire.lastRequest(SipMethod.NOTIFY);
            SipRequest invite = f.wire.requests(SipMethod.INVITE).get(0);
            f.receive(answer(invite, 486).build());
            f.time.runPending();
            assertThat(f.wire.requests(SipMethod.NOTIFY)).as("queued behind the unanswered 100 Trying").hasSize(1);
            f.receive(answer(trying, 200).build());
            SipRequest done = f.wire.lastRequest(SipMethod.NOTIFY);
            assertThat(done.bodyText()).isEqualTo("SIP/2.0 486 Busy Here\r\n");
            f.receive(answer(done, 200).build());
            assertThat(call.state()).isEqualTo(SessionState.CONFIRMED);
            byeAndDrain(call);
        }

        @Test
        @DisplayName("RFC 3891 §4: the Replaces of Refer-To goes into the INVITE")
        void attendedTransferCarriesReplaces() {
            establishAccepting();
            f.receive(refer(2, "<sip:carol@127.0.0.1:5080?Replaces=abc%40host%3Bto-tag%3D7%3Bfrom-tag%3D9>"));
            f.time.runPending();
            SipRequest invite = f.wire.requests(SipMethod.INVITE).get(0);
            assertThat(invite.requestUri()).isEqualTo(CAROL);
            assertThat(invite.header("Replaces")).contains("abc@host;to-tag=7;from-tag=9");
            f.receive(answer(f.wire.lastRequest(SipMethod.NOTIFY), 200).build());
            f.receive(answer(invite, 480).build());
            f.time.runPending();
            f.receive(answer(f.wire.lastRequest(SipMethod.NOTIFY), 200).build());
            byeAndDrain(call);
        }

        @Test
        @DisplayName("§2.4.1: a REFER without Refer-To, or with two, gets 400")
        void referToCount() {
            establishAccepting();
            f.receive(f.inDialog(SipMethod.REFER, 2, ok));
            f.receive(f.inDialog(SipMethod.REFER, 3, ok, b -> b.header("Refer-To", "<sip:a@127.0.0.1>")
                    .header("Refer-To", "<sip:b@127.0.0.1>")));
            f.receive(f.inDialog(SipMethod.REFER, 4, ok, b -> b.header("Refer-To", "<sip:a@127.0.0.1>, <sip:b@127.0.0.1>")));
            assertThat(f.wire.statuses(SipMethod.REFER)).containsExactly(400, 400, 400);
            assertThat(f.wire.responses(SipMethod.REFER).get(0).reasonPhrase()).isEqualTo("Missing Refer-To");
            assertThat(f.wire.requests(SipMethod.INVITE)).isEmpty();
            byeAndDrain(call);
        }

        @Test
        @DisplayName("a malformed Refer-To or embedded Replaces gets 400, a tel: target 416")
        void badReferTo() {
            establishAccepting();
            f.receive(refer(2, "<sip:carol@127.0.0.1?Replaces=abc%3Bto-tag%3D7>"));
            f.receive(refer(3, "<tel:+15551234>"));
            f.receive(refer(4, "not a uri"));
            assertThat(f.wire.statuses(SipMethod.REFER)).containsExactly(400, 416, 400);
            assertThat(refers).isEmpty();
            assertThat(call.state()).isEqualTo(SessionState.CONFIRMED);
            byeAndDrain(call);
        }

        @Test
        void declinedByTheApplicationOrWithoutListenerGets603() {
            ok = f.establish(f.invite());
            call = f.incoming.get(0);
            f.receive(refer(2, "<sip:carol@127.0.0.1:5080>"));
            f.sessions.extensions().referListener((s, r) -> TransferDecision.decline());
            f.receive(refer(3, "<sip:carol@127.0.0.1:5080>"));
            assertThat(f.wire.statuses(SipMethod.REFER)).containsExactly(603, 603);
            assertThat(f.wire.requests(SipMethod.NOTIFY)).isEmpty();
            byeAndDrain(call);
        }

        @Test
        @DisplayName("a SUBSCRIBE to refresh the implicit subscription gets 489 and leaves the call alone")
        void subscribeInTheCallsDialogGets489() {
            establishAccepting();
            f.receive(f.inDialog(SipMethod.SUBSCRIBE, 2, ok, b -> b.header("Event", "refer").header("Expires", "60")));
            assertThat(f.wire.statuses(SipMethod.SUBSCRIBE)).containsExactly(489);
            assertThat(call.state()).isEqualTo(SessionState.CONFIRMED);
            byeAndDrain(call);
        }

        @Test
        void referOutsideADialogIsRefused() {
            f.receive(f.outOfDialog(SipMethod.REFER, b -> b.header("Refer-To", "<sip:carol@127.0.0.1>")));
            assertThat(f.wire.statuses(SipMethod.REFER)).containsExactly(403);
            f.drainAndAssertIdle();
        }
    }

    @Nested
    @DisplayName("Refer-To with Replaces (RFC 3891 §5.1, RFC 3261 §19.1.1)")
    class ReferToSyntax {
        @Test
        void replacesIsEscapedAsInTheRfcExample() {
            String v = ReferTarget.format(SipUri.parse("sips:bob@bobster.example.org"),
                    Replaces.of("12345@192.168.118.3", "12345", "5FFE-3994"));
            assertThat(v).isEqualTo("<sips:bob@bobster.example.org?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>");
            ReferRequest back = ReferTarget.parse(v, null);
            assertThat(back.target()).isEqualTo(SipUri.parse("sips:bob@bobster.example.org"));
            assertThat(back.replaces()).isEqualTo(Replaces.of("12345@192.168.118.3", "12345", "5FFE-3994"));
        }

        @Test
        @DisplayName("attended: the consultation's remote target, to-tag its remote tag, from-tag ours (RFC 3891 §3)")
        void attendedReferToNamesTheConsultationDialog() {
            SipResponse ok = f.establish(f.invite());
            InviteSession consultation = f.incoming.get(0);
            String referTo = ExtensionMethods.attendedReferTo(consultation);
            ReferRequest r = ReferTarget.parse(referTo, null);
            assertThat(r.target()).isEqualTo(SipUri.parse("sip:alice@127.0.0.1:5070"));
            assertThat(r.replaces()).isEqualTo(Replaces.of(f.callId, SessionFixture.PEER_TAG, ok.to().tag()));
            assertThat(referTo).contains("?Replaces=" + f.callId.replace("@", "%40") + "%3Bto-tag%3D");
            byeAndDrain(consultation);
        }

        @Test
        void attendedReferToNeedsAConfirmedCall() {
            InviteSession ringing = f.ring(f.invite());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExtensionMethods.attendedReferTo(ringing))
                    .isInstanceOf(IllegalStateException.class);
            ringing.reject(486);
            f.receive(SessionFixture.ackForFailure(ringing.invite(),
                    f.wire.lastResponse(486, SipMethod.INVITE)));
            f.drainAndAssertIdle();
        }

        @Test
        void earlyOnlySurvivesTheRoundTripAndOtherCharactersAreEscaped() {
            Replaces r = new Replaces("ab@c", "1", "2", true, io.dialtone.message.Parameters.EMPTY);
            assertThat(ReferTarget.parse(ReferTarget.format(CAROL, r), null).replaces()).isEqualTo(r);
            assertThat(ReferTarget.escapeHeaderValue("a b@c;x=1")).isEqualTo("a%20b%40c%3Bx%3D1");
            assertThat(ReferTarget.escapeHeaderValue("[v6]/?:+$-_.!~*'()")).isEqualTo("[v6]/?:+$-_.!~*'()");
        }
    }
}
