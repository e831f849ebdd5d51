package io.dialtone.session;

import io.dialtone.message.HeaderNames;
import io.dialtone.message.SessionExpires;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.sdp.Answer;
import io.dialtone.sdp.SdpParseException;
import io.dialtone.sdp.SessionDescription;
import io.dialtone.session.internal.SessionMedia;
import io.dialtone.transaction.ClientTransaction;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transport.Inbound;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Refreshes of one established session, both ways:
 * <ul>
 * <li>as refresher, the session refresh we send at half the interval (RFC 4028 §10): UPDATE when
 *     the peer allows it, else a re-INVITE with our unchanged offer (RFC 3264 §8); its 2xx is
 *     ACKed (and the ACK re-sent for 2xx retransmissions), 422 retried with the larger Min-SE,
 *     481/408 end the session (§12.2.1.2), 491 retried after 2.1–4 s (§14.1);</li>
 * <li>the re-INVITE or UPDATE we receive (§12.2.2 target refresh, §14.2, RFC 3311 §5.2): glare
 *     (491), an offer while ours is pending (500 + Retry-After), the session timer renegotiated
 *     (422 below Min-SE, RFC 4028 §9), the offer answered (RFC 3264 §8) and applied to the stream;</li>
 * <li>expiry without a refresh: BYE (RFC 4028 §10).</li>
 * </ul>
 *
 * <p>Threading: confined to the session's call executor.
 */
final class SessionRefresh implements SessionTimer.Owner {
    private static final Logger LOG = LoggerFactory.getLogger(SessionRefresh.class);

    private final InviteSession session;
    private ClientTransaction refreshTx;    // pending re-INVITE/UPDATE we sent (glare detection)
    private SipRequest refreshAck;          // ACK of our last re-INVITE's 2xx, re-sent for its retransmissions
    private boolean peerAllowsUpdate;
    private int refreshes;

    SessionRefresh(InviteSession session) {
        this.session = session;
    }

    /** Whether the peer listed UPDATE in Allow (then we refresh by UPDATE, RFC 4028 §9). */
    void peerAllowsUpdate(boolean allows) {
        peerAllowsUpdate = allows;
    }

    /** Session refreshes sent or received so far. */
    int refreshes() {
        return refreshes;
    }

    /** True while our refresh request is pending. */
    boolean pending() {
        return refreshTx != null;
    }

    /** True when {@code tx} is our pending refresh. */
    boolean owns(ClientTransaction tx) {
        return tx == refreshTx;
    }

    @Override
    public void onRefreshDue() {
        if (session.state() != SessionState.CONFIRMED || refreshTx != null || session.modification().pending()) {
            return;
        }
        SessionLayer layer = session.layer();
        String method = peerAllowsUpdate ? SipMethod.UPDATE : SipMethod.INVITE;
        SipRequest.Builder b = session.dialog().newRequest(method).addVia(layer.newVia(session.transport()));
        layer.decorate(b);
        b.sessionExpires(SessionExpires.of(session.timer().intervalSec(), "uac"))
                .set(HeaderNames.MIN_SE, Long.toString(layer.config().minSeSec()));
        if (method.equals(SipMethod.INVITE)) {
            b.body("application/sdp", session.media().localSdp().toBytes()); // unchanged offer, same version (RFC 3264 §8)
        }
        LOG.debug("{}: session refresh by {}", session.callId(), method);
        refreshTx = layer.transactions().sendRequest(b.build(), layer.nextHop(session.dialog(), session.transport()), session);
    }

    /** A response to our pending refresh. */
    void onResponse(ClientTransaction tx, SipResponse rsp) {
        if (rsp.isProvisional()) {
            return;
        }
        ClientTransaction authorized = session.challenge().retryInDialog(tx, rsp, session.dialog(), session); // §22.2
        if (authorized != null) {
            refreshTx = authorized;
            return;
        }
        SessionLayer layer = session.layer();
        SessionTimer timer = session.timer();
        if (rsp.isSuccess() && tx.request().is(SipMethod.INVITE)) {
            refreshAck = session.dialog().newAck(tx.request().cseq().number()).addVia(layer.newVia(session.transport())).build();
            layer.transactions().sendAck(refreshAck, layer.nextHop(session.dialog(), session.transport()));
        }
        refreshTx = null;
        if (rsp.isSuccess()) {
            refreshes++;
            session.dialog().onTargetRefreshResponse(rsp);
            SessionTimerNegotiation.Uac st = SessionTimerNegotiation.uac(rsp, timer.intervalSec());
            timer.start(st.intervalSec(), st.uacRefreshes());
        } else if (rsp.statusCode() == 422) {
            long minSe = rsp.minSE().orElse(timer.intervalSec() * 2);
            timer.start(Math.max(minSe, timer.intervalSec()), true);
            onRefreshDue();
        } else if (rsp.statusCode() == 481 || rsp.statusCode() == 408) {
            session.bye("refresh failed " + rsp.statusCode()); // §12.2.1.2: the dialog is gone
        } else if (rsp.statusCode() == 491) {
            layer.scheduler().schedule(Duration.ofMillis(2100 + ThreadLocalRandom.current().nextLong(1900)), this::onRefreshDue);
        }
        // other failures: the session stays up until the expiry timer fires (RFC 4028 §10)
    }

    /** Our refresh got no final response: the session ends (RFC 4028 §10, RFC 3261 §12.2.1.2). */
    void onTimeout() {
        refreshTx = null;
        session.bye("session refresh timed out");
    }

    /** A 2xx to our refresh re-INVITE arrived again after its transaction: the same ACK again (§13.2.2.4). */
    void resendAck(SipResponse rsp) {
        if (refreshAck != null && refreshAck.cseq().number() == rsp.cseq().number()) {
            session.layer().transactions().sendAck(refreshAck, session.layer().nextHop(session.dialog(), session.transport()));
        }
    }

    @Override
    public void onSessionExpired() {
        SessionState state = session.state();
        if (state == SessionState.CONFIRMED || state == SessionState.ANSWERED) {
            LOG.info("{}: session expired without refresh; sending BYE", session.callId());
            session.bye("session expired"); // RFC 4028 §10
        }
    }

    /** A re-INVITE or UPDATE received in the dialog (already checked by it, §12.2.2). */
    void onRequest(ServerTransaction tx, SipRequest req, Inbound source) {
        SessionLayer layer = session.layer();
        boolean isInvite = req.is(SipMethod.INVITE);
        int conflict = session.modification().conflict(req); // RFC 3311 §5.2, RFC 3261 §14.2
        if (conflict != 0) {
            SipResponse.Builder r = layer.response(req, conflict, null);
            tx.respond((conflict == 500 ? retryAfter(r) : r).build());
            return;
        }
        if (refreshTx != null && (isInvite || req.hasBody())) { // glare, RFC 3261 §14.2 / RFC 3311 §5.2
            tx.respond(layer.response(req, 491, null).build());
            return;
        }
        SessionState state = session.state();
        if (isInvite && (state == SessionState.INCOMING || state == SessionState.ANSWERED)) {
            // §14.2: a re-INVITE while our answer to the initial INVITE is pending (ringing, or 2xx not ACKed)
            tx.respond(retryAfter(layer.response(req, 500, null)).build());
            return;
        }
        SessionTimer timer = session.timer();
        SessionTimerNegotiation.UasDecision st = SessionTimerNegotiation.uas(req,
                timer.intervalSec() > 0 ? timer.intervalSec() : layer.config().sessionExpiresSec(), layer.config().minSeSec());
        if (st.rejected()) {
            tx.respond(layer.response(req, 422, null).set(HeaderNames.MIN_SE, Long.toString(st.rejectMinSe())).build());
            return;
        }
        SessionMedia media = session.media();
        SipResponse.Builder ok = layer.response(req, 200, null).contact(layer.contact(session.transport()));
        if (req.hasBody()) {
            Answer answer;
            try {
                answer = media.reanswer(SessionDescription.parse(req.body()));
            } catch (SdpParseException e) {
                tx.respond(layer.response(req, 400, null).reason("Bad SDP: " + e.reason()).build());
                return;
            }
            if (!answer.isAcceptable()) {
                tx.respond(layer.response(req, 488, null).build());
                return;
            }
            ok.body("application/sdp", answer.toBytes());
            answer.media().ifPresent(media::update);
        } else if (isInvite) {
            ok.body("application/sdp", media.localSdp().toBytes()); // offer in the 2xx
        }
        if (st.applyTo(ok)) {
            refreshes++;
        }
        SipResponse response = ok.build();
        tx.respond(response);
        if (isInvite) {
            session.okRetransmitter().start(response, source); // a re-INVITE's 2xx is retransmitted until its ACK too
        }
        timer.start(st.intervalSec(), st.uasRefreshes());
    }

    /** Retry-After: a random 0–10 s (RFC 3261 §14.2, RFC 3311 §5.2). */
    private static SipResponse.Builder retryAfter(SipResponse.Builder b) {
        return b.header("Retry-After", Integer.toString(ThreadLocalRandom.current().nextInt(11)));
    }
}
