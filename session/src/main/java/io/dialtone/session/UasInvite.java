package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.message.HeaderNames;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.sdp.Answer;
import io.dialtone.sdp.NegotiatedMedia;
import io.dialtone.sdp.OfferAnswer;
import io.dialtone.sdp.SdpParseException;
import io.dialtone.sdp.SessionDescription;
import io.dialtone.session.internal.SessionMedia;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transport.Inbound;

import java.util.Optional;

/**
 * The UAS side of one INVITE session (RFC 3261 §13.3): rings (180, reliably with 100rel, RFC
 * 3262), answers with 2xx and SDP (RFC 3264 §6, or an offer in the 2xx when the INVITE had none),
 * rejects, answers a CANCEL with 487 (§9.2), and takes the ACK that confirms the session (with the
 * answer in it when we offered, RFC 3264 §5). The INVITE server transaction and where the INVITE
 * came from are kept only until that transaction terminates.
 *
 * <p>Only a UAS session has one. Threading: confined to the session's call executor.
 */
final class UasInvite {
    private final InviteSession session;
    private ServerTransaction serverTx;
    private Inbound requestSource;

    UasInvite(InviteSession session) {
        this.session = session;
    }

    /** The INVITE server transaction, {@code null} once it terminated. */
    ServerTransaction serverTx() {
        return serverTx;
    }

    /** The INVITE server transaction is done (its 2xx ACKed, or it ended): let it and what it holds go. */
    void serverTxTerminated() {
        serverTx = null;
        requestSource = null;
    }

    /** A new INVITE created the session: the early dialog (§12.1.1) and a 180. */
    void start(ServerTransaction tx, SipRequest request, Inbound source) {
        this.serverTx = tx;
        this.requestSource = source;
        SessionLayer layer = session.layer();
        String transport = session.transport();
        session.invite(request);
        session.refresh().peerAllowsUpdate(request.lists(HeaderNames.ALLOW, SipMethod.UPDATE));
        session.dialog(Dialog.asUas(request, session.localTag(), layer.contact(transport), false));
        session.reliable().start(tx, request, source);
        session.reliable().send(layer.response(request, 180, session.localTag()).contact(layer.contact(transport)));
    }

    /** The 2xx with SDP and media started (§13.3.1.4); the session's source and sink are set. */
    void answer() {
        SessionLayer layer = session.layer();
        SessionMedia media = session.media();
        SipRequest invite = session.invite();
        SessionTimerNegotiation.UasDecision st = SessionTimerNegotiation.uas(invite,
                layer.config().sessionExpiresSec(), layer.config().minSeSec());
        SipResponse.Builder ok = layer.response(invite, 200, session.localTag()).contact(layer.contact(session.transport()));
        Optional<NegotiatedMedia> negotiated = Optional.empty();
        if (session.earlyMediaAnswered()) {
            session.earlyMedia().repeatAnswer(ok); // media runs since the 183
        } else if (invite.hasBody()) {
            Answer answer = media.answerInitialOffer(invite.body());
            if (!answer.isAcceptable()) {
                session.reject(488);
                return;
            }
            negotiated = answer.media();
            ok.body("application/sdp", answer.toBytes());
        } else {
            ok.body("application/sdp", media.offer().toBytes()); // offer in the 2xx, answer in the ACK
        }
        st.applyTo(ok);
        SipResponse okResponse = ok.build();
        session.answered();
        serverTx.respond(okResponse);
        session.provisionalsDone();
        session.enter(SessionState.ANSWERED, "answered");
        layer.extensions().onAnswered(session); // RFC 3891 §3: a replaced dialog ends now
        session.okRetransmitter().start(okResponse, requestSource);
        session.compactInvite();
        negotiated.ifPresent(m -> media.start(m, session.source(), session.sink()));
        session.timer().start(st.intervalSec(), st.uasRefreshes());
    }

    /** A final failure response to the INVITE. */
    void respond(int status) {
        serverTx.respond(session.layer().response(session.invite(), status, session.localTag()).build());
        session.provisionalsDone();
    }

    /** The ACK for our 2xx: the session is confirmed; only dialog state is kept from here on (§12). */
    void onAck(SipRequest ack) {
        session.okRetransmitter().stop();
        session.layer().inviteAcked(session);
        session.dialog().confirm();
        session.enter(SessionState.CONFIRMED, "ACK");
        SessionMedia media = session.media();
        if (!session.invite().hasBody() && ack.hasBody()) { // answer in the ACK (RFC 3264 §5)
            try {
                OfferAnswer.negotiate(media.localSdp(), SessionDescription.parse(ack.body()), true)
                        .ifPresentOrElse(m -> media.start(m, session.source(), session.sink()),
                                () -> session.bye("no acceptable media in ACK"));
            } catch (SdpParseException e) {
                session.bye("bad SDP in ACK");
            }
        }
        session.invite(null);
    }

    /** A CANCEL matched our INVITE server transaction, which the layer answered 200 (§9.2): 487 to the INVITE. */
    void onCancel() {
        respond(487);
        session.terminate(new EndReason(487, "cancelled by caller", false));
    }
}
