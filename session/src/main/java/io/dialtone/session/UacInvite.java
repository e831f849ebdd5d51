package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.message.HeaderNames;
import io.dialtone.message.SessionExpires;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.sdp.NegotiatedMedia;
import io.dialtone.sdp.OfferAnswer;
import io.dialtone.sdp.SdpParseException;
import io.dialtone.sdp.SessionDescription;
import io.dialtone.transaction.ClientTransaction;
import io.dialtone.transaction.InviteClientTransaction;
import io.dialtone.transport.Destination;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The UAC side of one INVITE session (RFC 3261 §13.2): sends the INVITE and handles its
 * responses. Provisionals create early dialogs per To tag (§12.1.2), are PRACKed when reliable
 * (RFC 3262 §4) and may carry early media; the first 2xx confirms its dialog, is ACKed (and the ACK
 * re-sent for its retransmissions), and every later fork's 2xx is ACKed and ended with BYE
 * (§13.2.2.4); 422 is retried with the larger Session-Expires (RFC 4028 §7.4), 401/407 with
 * credentials (§22.2); CANCEL waits for a provisional (§9.1). 128·T1 after the 2xx only the
 * dialog is kept.
 *
 * <p>Only a UAC session has one. Threading: confined to the session's call executor.
 */
final class UacInvite {
    private static final Logger LOG = LoggerFactory.getLogger(UacInvite.class);

    private final InviteSession session;
    private final UacForks forks;           // early dialogs per To tag, ACKs re-sent for retransmitted 2xx
    private final UacCancel cancel;         // CANCEL deferred until a provisional (§9.1)
    private final UacPrack prack;           // RFC 3262 §4
    private ClientTransaction inviteTx;
    private Destination destination;
    private long requestedSe;
    private int sessionTimerRetries;

    UacInvite(InviteSession session) {
        this.session = session;
        SessionLayer layer = session.layer();
        this.forks = new UacForks(layer, session.transport());
        this.cancel = new UacCancel(layer, this::onCancelUnanswered);
        this.prack = new UacPrack(layer, session.transport());
    }

    UacForks forks() {
        return forks;
    }

    /** Sends the INVITE (already the session's {@link InviteSession#invite()}) to {@code dest}. */
    void start(SipRequest invite, Destination dest) {
        this.destination = dest;
        this.requestedSe = invite.sessionExpires().map(SessionExpires::deltaSeconds).orElse(0L);
        this.inviteTx = session.layer().transactions().sendRequest(invite, dest, session);
    }

    /** True when {@code tx} is the (current) INVITE transaction. */
    boolean owns(ClientTransaction tx) {
        return tx == inviteTx;
    }

    /** A response of the INVITE transaction. */
    void onResponse(SipResponse rsp) {
        SipRequest invite = session.invite();
        if (invite == null) {
            return; // settled: 128·T1 after the 2xx, nothing more to do for the INVITE
        }
        SessionState state = session.state();
        if (rsp.isProvisional()) {
            if (rsp.toTag() != null && (state == SessionState.CALLING || state == SessionState.EARLY)) {
                Dialog early = forks.early(invite, rsp); // one early dialog per fork (§12.1.2, §13.2.2.4)
                session.earlyMedia().onProvisional(rsp, prack.onProvisional(early, rsp)); // RFC 3262 §4, early media
                if (session.dialog() == null) {
                    session.dialog(early);
                    session.enter(SessionState.EARLY, rsp.statusCode() + " " + rsp.reasonPhrase());
                }
            }
            cancel.onProvisional(invite, destination);
            return;
        }
        if (rsp.isSuccess()) {
            on2xx(rsp);
            return;
        }
        if (rsp.statusCode() == 422 && sessionTimerRetries++ < 2 && !cancel.requested() && state != SessionState.TERMINATED) {
            long minSe = rsp.minSE().orElse(requestedSe * 2);
            retryWithSessionExpires(Math.max(minSe, requestedSe)); // RFC 4028 §7.4
            return;
        }
        SipRequest authorized = cancel.requested() || state == SessionState.TERMINATED ? null
                : session.challenge().retryInvite(invite, rsp);
        if (authorized != null) { // §22.2: 401/407 answered with credentials
            resend(authorized, rsp.statusCode() + " challenge");
            return;
        }
        session.completeOutcome(rsp);
        session.terminate(new EndReason(rsp.statusCode(), rsp.statusCode() + " " + rsp.reasonPhrase(), false));
    }

    /** Sends {@code retry} in place of the INVITE: a new transaction, no early dialog yet. */
    private void resend(SipRequest retry, String why) {
        session.invite(retry);
        forks.endEarly();
        session.dialog(null);
        cancel.onNewInvite();
        session.enter(SessionState.CALLING, why);
        inviteTx = session.layer().transactions().sendRequest(retry, destination, session);
    }

    private void retryWithSessionExpires(long interval) {
        requestedSe = interval;
        SipRequest invite = session.invite();
        SipRequest retry = invite.toBuilder()
                .topVia(session.layer().newVia(session.transport()))
                .cseq(invite.cseq().number() + 1, SipMethod.INVITE)
                .sessionExpires(SessionExpires.of(interval, null))
                .set(HeaderNames.MIN_SE, Long.toString(interval))
                .build();
        LOG.debug("{}: 422, retrying with Session-Expires {}", session.callId(), interval);
        resend(session.challenge().reauthorize(retry), "422 retry");
    }

    private void on2xx(SipResponse rsp) {
        if (rsp.toTag() == null) {
            LOG.warn("{}: 2xx without To tag ignored", session.callId());
            return;
        }
        if (forks.resendAck(rsp)) {
            return; // retransmitted 2xx: the same ACK again (§13.2.2.4, RFC 6026 §7.2)
        }
        SipRequest invite = session.invite();
        SessionState state = session.state();
        if (forks.answered() || state == SessionState.TERMINATING || state == SessionState.TERMINATED) {
            forks.ackAndBye(invite, rsp); // another fork answered, or the call is over (§13.2.2.4)
            return;
        }
        SessionLayer layer = session.layer();
        String transport = session.transport();
        cancel.stop();
        Dialog dialog = forks.confirm(invite, rsp);
        session.dialog(dialog);
        session.answered();
        session.refresh().peerAllowsUpdate(rsp.lists(HeaderNames.ALLOW, SipMethod.UPDATE));
        SipRequest ack = dialog.newAck(invite.cseq().number()).addVia(layer.newVia(transport)).build();
        ack = UacChallenge.withCredentialsOf(invite, ack); // §13.2.2.4
        Destination ackTo = layer.nextHop(dialog, transport);
        forks.acked(rsp.toTag(), ack, ackTo);
        layer.transactions().sendAck(ack, ackTo);
        session.enter(SessionState.CONFIRMED, "2xx");
        session.completeOutcome(rsp);
        if (cancel.requested()) { // our CANCEL lost (or never got) the race against the 2xx: end with BYE (§9.1)
            session.bye("cancelled");
            return;
        }
        Optional<NegotiatedMedia> negotiated = Optional.empty();
        try {
            if (rsp.hasBody()) {
                negotiated = OfferAnswer.negotiate(session.media().localSdp(), SessionDescription.parse(rsp.body()), true);
            }
        } catch (SdpParseException e) {
            LOG.warn("{}: unparseable SDP answer: {}", session.callId(), e.getMessage());
        }
        if (negotiated.isEmpty() && !rsp.hasBody()) {
            negotiated = session.earlyMedia().earlyAnswer(); // the answer came in a provisional (RFC 3262 §5)
        }
        if (negotiated.isEmpty()) {
            session.bye("no acceptable media in answer");
            return;
        }
        session.media().start(negotiated.get(), session.source(), session.sink());
        SessionTimerNegotiation.Uac st = SessionTimerNegotiation.uac(rsp, requestedSe);
        session.timer().start(st.intervalSec(), st.uacRefreshes());
        // A UAS retransmits its 2xx for 64·T1 (§13.3.1.4) and our Timer M lasts as long (RFC 6026
        // §7.2); twice that covers a 2xx delayed in the network. After it, keep only the dialog.
        layer.scheduler().schedule(layer.config().timers().t1Times(128), this::settle);
    }

    /** 128·T1 after the 2xx: the INVITE, the forks' ACKs and early dialogs are no longer needed. */
    private void settle() {
        if (session.state() == SessionState.TERMINATED || session.invite() == null) {
            return;
        }
        forks.settle();
        session.invite(null);
    }

    /** A 2xx arrived after the INVITE transaction ended; true when it answered our INVITE (then handled). */
    boolean onStray2xx(SipResponse rsp) {
        SipRequest invite = session.invite();
        if (invite == null || rsp.cseq().number() != invite.cseq().number()) {
            return false;
        }
        on2xx(rsp);
        return true;
    }

    /** The application hung up before a final response: CANCEL, once a provisional arrived (§9.1). */
    void cancel() {
        cancel.request(session.invite(), destination);
    }

    /** 64·T1 after our CANCEL, still no final response: the INVITE is abandoned (§9.1). */
    private void onCancelUnanswered() {
        SessionState state = session.state();
        if (state == SessionState.CALLING || state == SessionState.EARLY) {
            ((InviteClientTransaction) inviteTx).abandon();
            session.terminate(new EndReason(408, "no final response 64·T1 after CANCEL", true));
        }
    }

    /** The session ended: stop waiting, end every early dialog. */
    void terminated() {
        cancel.stop();
        forks.endEarly();
    }
}
