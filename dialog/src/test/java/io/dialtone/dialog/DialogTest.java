package io.dialtone.dialog;

import io.dialtone.message.CSeq;
import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RFC 3261 §12")
class DialogTest {
    private static final String CALL_ID = "c1@192.0.2.9";
    private static final NameAddr OUR_CONTACT = NameAddr.of(SipUri.of("alice", "192.0.2.9", 5060));
    private static final String BOB_CONTACT = "<sip:bob@192.0.2.20:5070>";

    /** An INVITE from alice (tag a1) to bob, CSeq {@code cseq}, with the given Record-Route values in order. */
    private static SipRequest invite(long cseq, String... recordRoutes) {
        SipRequest.Builder b = SipRequest.builder(SipMethod.INVITE, SipUri.of("bob", "example.com", -1))
                .addVia(Via.of("UDP", "192.0.2.9", 5060, "z9hG4bKinv"))
                .maxForwards(70)
                .from(NameAddr.of(SipUri.of("alice", "example.com", -1)).withTag("a1"))
                .to(NameAddr.of(SipUri.of("bob", "example.com", -1)))
                .callId(CALL_ID)
                .cseq(cseq, SipMethod.INVITE)
                .header("Contact", "<sip:alice@192.0.2.9:5060>");
        for (String rr : recordRoutes) {
            b.header("Record-Route", rr);
        }
        return b.build();
    }

    /** A response from bob (tag b2, Contact {@link #BOB_CONTACT}) with the given Record-Route values. */
    private static SipResponse response(SipRequest request, int status, String... recordRoutes) {
        SipResponse.Builder b = SipResponse.to(request, status).toTag("b2").header("Contact", BOB_CONTACT);
        for (String rr : recordRoutes) {
            b.header("Record-Route", rr);
        }
        return b.build();
    }

    /** A request from the peer within a UAS dialog (To carries our tag {@code local}). */
    private static SipRequest fromPeer(String method, long cseq, String contact) {
        SipRequest.Builder b = SipRequest.builder(method, SipUri.of("bob", "192.0.2.20", 5070))
                .addVia(Via.of("UDP", "192.0.2.9", 5060, "z9hG4bK" + method + cseq))
                .maxForwards(70)
                .from(NameAddr.of(SipUri.of("alice", "example.com", -1)).withTag("a1"))
                .to(NameAddr.of(SipUri.of("bob", "example.com", -1)).withTag("local"))
                .callId(CALL_ID)
                .cseq(cseq, method);
        if (contact != null) {
            b.header("Contact", contact);
        }
        return b.build();
    }

    private static SipRequest build(SipRequest.Builder b) {
        return b.addVia(Via.of("UDP", "192.0.2.9", 5060, "z9hG4bKnew")).build();
    }

    private static List<String> routes(SipRequest r) {
        return r.routes().stream().map(NameAddr::toString).toList();
    }

    private static Dialog uasDialog(String... recordRoutes) {
        return Dialog.asUas(invite(5, recordRoutes), "local", NameAddr.of(SipUri.of("bob", "192.0.2.20", 5070)), true);
    }

    @Nested
    @DisplayName("UAC creation §12.1.2")
    class UacCreation {
        private final SipRequest invite = invite(1, "<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>");

        @Test
        void provisionalWithToTagCreatesEarlyDialog() {
            Dialog d = Dialog.asUac(invite, response(invite, 180, "<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"), OUR_CONTACT);
            assertThat(d.state()).isEqualTo(DialogState.EARLY);
            assertThat(d.callId()).isEqualTo(CALL_ID);
            assertThat(d.localTag()).isEqualTo("a1");
            assertThat(d.remoteTag()).isEqualTo("b2");
            assertThat(d.id()).isEqualTo(new DialogId(CALL_ID, "a1", "b2"));
        }

        @Test
        void successCreatesConfirmedDialog() {
            Dialog d = Dialog.asUac(invite, response(invite, 200), OUR_CONTACT);
            assertThat(d.state()).isEqualTo(DialogState.CONFIRMED);
        }

        @Test
        void routeSetIsRecordRouteReversed() {
            Dialog d = Dialog.asUac(invite, response(invite, 200, "<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"), OUR_CONTACT);
            assertThat(d.routeSet()).extracting(NameAddr::toString)
                    .containsExactly("<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>");
        }

        @Test
        void recordRouteInOneCommaSeparatedFieldIsAlsoReversed() {
            SipResponse ok = SipResponse.to(invite, 200).toTag("b2").header("Contact", BOB_CONTACT)
                    .header("Record-Route", "<sip:p1.example.com;lr>, <sip:p2.example.com;lr>").build();
            assertThat(Dialog.asUac(invite, ok, OUR_CONTACT).routeSet()).extracting(NameAddr::toString)
                    .containsExactly("<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>");
        }

        @Test
        void noRecordRouteGivesEmptyRouteSet() {
            assertThat(Dialog.asUac(invite, response(invite, 200), OUR_CONTACT).routeSet()).isEmpty();
        }

        @Test
        void remoteTargetIsContactOfResponse() {
            Dialog d = Dialog.asUac(invite, response(invite, 200), OUR_CONTACT);
            assertThat(d.remoteTarget()).isEqualTo(SipUri.parse("sip:bob@192.0.2.20:5070"));
        }

        @Test
        void localCSeqIsTheInvitesAndRemoteIsEmpty() {
            SipRequest inv = invite(42);
            Dialog d = Dialog.asUac(inv, response(inv, 200), OUR_CONTACT);
            assertThat(d.localSeq()).isEqualTo(42);
            assertThat(d.remoteSeq()).isEqualTo(-1);
        }

        @Test
        void responseWithoutToTagIsRefused() {
            SipResponse noTag = SipResponse.to(invite, 180).build();
            assertThatThrownBy(() -> Dialog.asUac(invite, noTag, OUR_CONTACT)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void earlyDialogConfirmsOnce() {
            Dialog d = Dialog.asUac(invite, response(invite, 180), OUR_CONTACT);
            d.confirm();
            assertThat(d.state()).isEqualTo(DialogState.CONFIRMED);
            d.terminate();
            d.confirm();
            assertThat(d.state()).isEqualTo(DialogState.TERMINATED);
        }
    }

    @Nested
    @DisplayName("UAS creation §12.1.1")
    class UasCreation {
        @Test
        void routeSetKeepsRecordRouteOrder() {
            Dialog d = uasDialog("<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>");
            assertThat(d.routeSet()).extracting(NameAddr::toString)
                    .containsExactly("<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>");
        }

        @Test
        void remoteTargetIsContactOfRequest() {
            assertThat(uasDialog().remoteTarget()).isEqualTo(SipUri.parse("sip:alice@192.0.2.9:5060"));
        }

        @Test
        void remoteCSeqIsTheRequestsAndLocalIsEmpty() {
            Dialog d = uasDialog();
            assertThat(d.remoteSeq()).isEqualTo(5);
            assertThat(d.localSeq()).isZero();
        }

        @Test
        void tagsAreOursAndTheFromTag() {
            Dialog d = uasDialog();
            assertThat(d.localTag()).isEqualTo("local");
            assertThat(d.remoteTag()).isEqualTo("a1");
            assertThat(d.matches(fromPeer(SipMethod.BYE, 6, null))).isTrue();
            assertThat(DialogId.ofIncoming(fromPeer(SipMethod.BYE, 6, null))).isEqualTo(d.id());
        }

        @Test
        void confirmedFlagChoosesState() {
            assertThat(Dialog.asUas(invite(1), "t", OUR_CONTACT, false).state()).isEqualTo(DialogState.EARLY);
            assertThat(Dialog.asUas(invite(1), "t", OUR_CONTACT, true).state()).isEqualTo(DialogState.CONFIRMED);
        }
    }

    @Nested
    @DisplayName("requests within a dialog §12.2.1.1")
    class NewRequest {
        private final SipRequest invite = invite(1);
        private final Dialog uac = Dialog.asUac(invite, response(invite, 200), OUR_CONTACT);

        @Test
        void eachNewRequestIncrementsLocalCSeq() {
            SipRequest info = build(uac.newRequest(SipMethod.INFO));
            SipRequest bye = build(uac.newRequest(SipMethod.BYE));
            assertThat(info.cseq()).isEqualTo(new CSeq(2, SipMethod.INFO));
            assertThat(bye.cseq()).isEqualTo(new CSeq(3, SipMethod.BYE));
            assertThat(uac.localSeq()).isEqualTo(3);
        }

        @ParameterizedTest
        @ValueSource(strings = {SipMethod.ACK, SipMethod.CANCEL})
        void ackAndCancelReuseTheCurrentCSeq(String method) {
            build(uac.newRequest(SipMethod.UPDATE));
            SipRequest r = build(uac.newRequest(method));
            assertThat(r.cseq()).isEqualTo(new CSeq(2, method));
            assertThat(uac.localSeq()).isEqualTo(2);
        }

        @Test
        void newAckUsesTheInviteCSeq() {
            build(uac.newRequest(SipMethod.INVITE)); // re-INVITE, CSeq 2
            build(uac.newRequest(SipMethod.INFO));   // CSeq 3
            SipRequest ack = build(uac.newAck(2));
            assertThat(ack.cseq()).isEqualTo(new CSeq(2, SipMethod.ACK));
            assertThat(uac.localSeq()).isEqualTo(3);
        }

        @Test
        void carriesDialogIdentifiersAndMaxForwards() {
            SipRequest bye = build(uac.newRequest(SipMethod.BYE));
            assertThat(bye.callId()).isEqualTo(CALL_ID);
            assertThat(bye.from().tag()).isEqualTo("a1");
            assertThat(bye.from().uri()).isEqualTo(SipUri.of("alice", "example.com", -1));
            assertThat(bye.to().tag()).isEqualTo("b2");
            assertThat(bye.to().uri()).isEqualTo(SipUri.of("bob", "example.com", -1));
            assertThat(bye.maxForwards()).isEqualTo(70);
        }

        @Test
        void uasDialogSwapsFromAndTo() {
            SipRequest bye = build(uasDialog().newRequest(SipMethod.BYE));
            assertThat(bye.from().tag()).isEqualTo("local");
            assertThat(bye.from().uri()).isEqualTo(SipUri.of("bob", "example.com", -1));
            assertThat(bye.to().tag()).isEqualTo("a1");
            assertThat(bye.to().uri()).isEqualTo(SipUri.of("alice", "example.com", -1));
            assertThat(bye.cseq()).isEqualTo(new CSeq(1, SipMethod.BYE));
        }

        @Test
        void targetRefreshRequestsCarryOurContact() {
            assertThat(build(uac.newRequest(SipMethod.INVITE)).contacts()).containsExactly(OUR_CONTACT);
            assertThat(build(uac.newRequest(SipMethod.UPDATE)).contacts()).containsExactly(OUR_CONTACT);
        }

        @Test
        void looseRoutingKeepsRemoteTargetAndSendsRouteSet() {
            SipRequest inv = invite(1, "<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>");
            Dialog d = Dialog.asUac(inv, response(inv, 200, "<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"), OUR_CONTACT);
            SipRequest bye = build(d.newRequest(SipMethod.BYE));
            assertThat(bye.requestUri()).isEqualTo(SipUri.parse("sip:bob@192.0.2.20:5070"));
            assertThat(routes(bye)).containsExactly("<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>");
        }

        @Test
        void noRouteSetMeansNoRouteHeader() {
            SipRequest bye = build(uac.newRequest(SipMethod.BYE));
            assertThat(bye.requestUri()).isEqualTo(SipUri.parse("sip:bob@192.0.2.20:5070"));
            assertThat(bye.routes()).isEmpty();
        }

        @Test
        void strictRoutingPutsFirstRouteInRequestUriAndAppendsRemoteTarget() {
            Dialog d = uasDialog("<sip:strict.example.com>", "<sip:p2.example.com;lr>");
            SipRequest bye = build(d.newRequest(SipMethod.BYE));
            assertThat(bye.requestUri()).isEqualTo(SipUri.parse("sip:strict.example.com"));
            assertThat(routes(bye)).containsExactly("<sip:p2.example.com;lr>", "<sip:alice@192.0.2.9:5060>");
        }

        @Test
        void strictRoutingAppliesToAckToo() {
            Dialog d = uasDialog("<sip:strict.example.com>");
            SipRequest ack = build(d.newAck(1));
            assertThat(ack.requestUri()).isEqualTo(SipUri.parse("sip:strict.example.com"));
            assertThat(routes(ack)).containsExactly("<sip:alice@192.0.2.9:5060>");
        }

        @Test
        void terminatedDialogRefusesNewRequests() {
            uac.terminate();
            assertThatThrownBy(() -> uac.newRequest(SipMethod.BYE)).isInstanceOf(IllegalStateException.class);
            assertThat(uac.localSeq()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("requests received in a dialog §12.2.2")
    class OnRequest {
        private final Dialog d = uasDialog(); // remote CSeq 5

        @ParameterizedTest
        @ValueSource(longs = {1, 4, 5})
        void lowerOrEqualCSeqIsRejectedWith500(long cseq) {
            assertThat(d.onRequest(fromPeer(SipMethod.INFO, cseq, null))).isEqualTo(500);
            assertThat(d.remoteSeq()).isEqualTo(5);
        }

        @Test
        void higherCSeqIsAcceptedAndRemembered() {
            assertThat(d.onRequest(fromPeer(SipMethod.INFO, 9, null))).isZero();
            assertThat(d.remoteSeq()).isEqualTo(9);
            assertThat(d.onRequest(fromPeer(SipMethod.INFO, 7, null))).isEqualTo(500);
        }

        @ParameterizedTest
        @ValueSource(strings = {SipMethod.ACK, SipMethod.CANCEL})
        void ackAndCancelAreNotCheckedAgainstCSeq(String method) {
            assertThat(d.onRequest(fromPeer(method, 1, null))).isZero();
            assertThat(d.remoteSeq()).isEqualTo(5);
        }

        @ParameterizedTest
        @ValueSource(strings = {SipMethod.INVITE, SipMethod.UPDATE})
        void targetRefreshUpdatesRemoteTarget(String method) {
            assertThat(d.onRequest(fromPeer(method, 6, "<sip:alice@198.51.100.4:5080>"))).isZero();
            assertThat(d.remoteTarget()).isEqualTo(SipUri.parse("sip:alice@198.51.100.4:5080"));
            SipRequest bye = build(d.newRequest(SipMethod.BYE));
            assertThat(bye.requestUri()).isEqualTo(SipUri.parse("sip:alice@198.51.100.4:5080"));
        }

        @Test
        void nonTargetRefreshKeepsRemoteTarget() {
            d.onRequest(fromPeer(SipMethod.INFO, 6, "<sip:alice@198.51.100.4:5080>"));
            assertThat(d.remoteTarget()).isEqualTo(SipUri.parse("sip:alice@192.0.2.9:5060"));
        }

        @Test
        void rejectedRefreshDoesNotChangeTarget() {
            assertThat(d.onRequest(fromPeer(SipMethod.INVITE, 5, "<sip:alice@198.51.100.4:5080>"))).isEqualTo(500);
            assertThat(d.remoteTarget()).isEqualTo(SipUri.parse("sip:alice@192.0.2.9:5060"));
        }

        @Test
        void uacDialogAcceptsAnyFirstRemoteCSeq() {
            SipRequest inv = invite(1);
            Dialog uac = Dialog.asUac(inv, response(inv, 200), OUR_CONTACT);
            SipRequest bye = SipRequest.builder(SipMethod.BYE, SipUri.of("alice", "192.0.2.9", 5060))
                    .addVia(Via.of("UDP", "192.0.2.20", 5070, "z9hG4bKbye"))
                    .from(NameAddr.of(SipUri.of("bob", "example.com", -1)).withTag("b2"))
                    .to(NameAddr.of(SipUri.of("alice", "example.com", -1)).withTag("a1"))
                    .callId(CALL_ID).cseq(1, SipMethod.BYE).maxForwards(70).build();
            assertThat(uac.onRequest(bye)).isZero();
            assertThat(uac.remoteSeq()).isEqualTo(1);
            assertThat(uac.matches(bye)).isTrue();
        }

        @Test
        void onTargetRefreshResponseUpdatesRemoteTarget() {
            SipRequest reinvite = build(d.newRequest(SipMethod.INVITE));
            d.onTargetRefreshResponse(SipResponse.to(reinvite, 200).header("Contact", "<sip:alice@203.0.113.5>").build());
            assertThat(d.remoteTarget()).isEqualTo(SipUri.parse("sip:alice@203.0.113.5"));
        }
    }
}
