package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.dialog.DialogState;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.transaction.ClientTransaction;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each message for an {@link InviteSession} goes once the layer found the session, and the
 * outcomes of the client transactions the session started:
 *
 * <ul>
 * <li>a request in its dialog (or, as UAC, in an early dialog of a fork; RFC 3261 §12.2.2): 481
 *     without such a dialog, the dialog's own CSeq/target check, then by method: BYE ends the
 *     session (§15.1.2), re-INVITE and UPDATE go to {@link SessionRefresh}, OPTIONS gets 200
 *     (§11.2), INFO goes to {@link SessionDtmf}, PRACK to {@link ReliableProvisionals} (481 when none
 *     is unacknowledged, RFC 3262 §3), REFER, NOTIFY, MESSAGE and SUBSCRIBE to
 *     {@link ExtensionMethods}, anything else gets 501;</li>
 * <li>the ACK for our 2xx: the initial one confirms the session ({@link UasInvite}), a re-INVITE's
 *     stops its retransmissions and may carry the answer (RFC 3264 §5);</li>
 * <li>a CANCEL of the INVITE that is still ringing (§9.2), and a 2xx to our INVITE that arrived
 *     after its transaction ended (§13.2.2.4);</li>
 * <li>responses, timeouts and transport errors: the INVITE's go to {@link UacInvite}, a refresh's
 *     to {@link SessionRefresh}; a BYE challenged is sent again with credentials (§22.2), and
 *     any final response to it, or none, ends the session.</li>
 * </ul>
 *
 * <p>Stateless. Threading: runs on the session's call executor, like the session.
 */
final class SessionRouting {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRouting.class);

    private SessionRouting() {
    }

    /** A request in the session's dialog (§12.2.2), already past the layer's checks (§8.2). */
    static void onInDialogRequest(InviteSession session, ServerTransaction tx, SipRequest req, Inbound source) {
        SessionLayer layer = session.layer();
        Dialog dialog = session.dialog();
        UacInvite uac = session.uac();
        Dialog d = dialog != null && req.fromTag() != null && req.fromTag().equals(dialog.remoteTag())
                ? dialog : uac == null ? null : uac.forks().earlyDialog(req.fromTag());
        if (d == null || d.state() == DialogState.TERMINATED) { // §12.2.2: no such dialog
            tx.respond(layer.response(req, 481, null).build());
            return;
        }
        int check = d.onRequest(req);
        if (check != 0) {
            tx.respond(layer.response(req, check, null).build());
            return;
        }
        switch (req.method()) {
            case SipMethod.BYE -> {
                tx.respond(layer.response(req, 200, null).build());
                session.terminate(new EndReason(200, "remote BYE", false));
            }
            case SipMethod.INVITE, SipMethod.UPDATE -> session.refresh().onRequest(tx, req, source);
            case SipMethod.OPTIONS -> tx.respond(layer.response(req, 200, null).build());
            case SipMethod.INFO -> session.dtmf().onInfo(tx, req);
            case SipMethod.PRACK -> {
                ReliableProvisionals reliable = session.reliable();
                if (reliable != null) {
                    reliable.onPrack(tx, req);
                } else { // no reliable provisional of ours is unacknowledged (RFC 3262 §3)
                    tx.respond(layer.response(req, 481, null).build());
                }
            }
            case SipMethod.REFER, SipMethod.NOTIFY, SipMethod.MESSAGE, SipMethod.SUBSCRIBE ->
                    layer.extensions().onSessionRequest(session, tx, req);
            default -> tx.respond(layer.response(req, 501, null).build());
        }
    }

    /** An ACK in the session's dialog: for our 2xx to the INVITE or to a re-INVITE. */
    static void onAck(InviteSession session, SipRequest ack) {
        if (session.state() == SessionState.ANSWERED) {
            session.uas().onAck(ack);
        } else if (session.state() == SessionState.CONFIRMED) {
            session.okRetransmitter().stop(); // ACK for a re-INVITE 2xx
            session.modification().onAck(ack); // an answer in it: our 2xx offered (RFC 3264 §5)
        }
    }

    /** A CANCEL matched our INVITE server transaction; the layer has answered it 200 (§9.2). */
    static void onCancel(InviteSession session) {
        if (session.state() == SessionState.INCOMING) {
            session.uas().onCancel();
        }
    }

    /** A 2xx for an INVITE of ours arrived after its transaction ended (retransmission). */
    static void onStray2xx(InviteSession session, SipResponse rsp) {
        UacInvite uac = session.uac();
        if (uac == null || !uac.onStray2xx(rsp)) {
            session.refresh().resendAck(rsp);
        }
    }

    /** A response of a client transaction the session started. */
    static void onResponse(InviteSession session, ClientTransaction tx, SipResponse rsp) {
        String method = tx.request().method();
        UacInvite uac = session.uac();
        SessionRefresh refresh = session.refresh();
        if (uac != null && uac.owns(tx)) {
            uac.onResponse(rsp);
        } else if (refresh.owns(tx)) {
            refresh.onResponse(tx, rsp);
        } else if (rsp.isSuccess() && method.equals(SipMethod.INVITE)) {
            refresh.resendAck(rsp); // 2xx retransmitted after the refresh finished (§13.2.2.4)
        } else if (method.equals(SipMethod.BYE)
                && session.challenge().retryInDialog(tx, rsp, session.dialog(), session) != null) {
            LOG.debug("{}: BYE sent again with credentials", session.callId()); // §22.2
        } else if (method.equals(SipMethod.BYE) && rsp.isFinal()) {
            session.terminate(new EndReason(200, "BYE answered " + rsp.statusCode(), true));
        }
    }

    /** A client transaction the session started got no final response. */
    static void onTimeout(InviteSession session, ClientTransaction tx) {
        UacInvite uac = session.uac();
        if (uac != null && uac.owns(tx)) { // terminate completes outcome with null
            session.terminate(new EndReason(408, "no final response (Timer B)", false));
        } else if (session.refresh().owns(tx)) {
            session.refresh().onTimeout();
        } else if (tx.request().is(SipMethod.BYE)) {
            session.terminate(new EndReason(200, "BYE timed out", true));
        }
    }

    /** Sending a request of a client transaction the session started failed: the session ends. */
    static void onTransportError(InviteSession session, ClientTransaction tx, TransportException e) {
        LOG.warn("{}: transport error on {}: {}", session.callId(), tx.request().method(), e.getMessage());
        UacInvite uac = session.uac();
        if (uac != null && uac.owns(tx)) {
            session.terminate(new EndReason(503, "transport error: " + e.getMessage(), false));
        } else {
            session.terminate(new EndReason(503, "transport error on " + tx.request().method(), true));
        }
    }
}
