package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.message.HeaderNames;
import io.dialtone.message.SessionExpires;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.sdp.Answer;
import io.dialtone.sdp.MediaDirection;
import io.dialtone.sdp.NegotiatedMedia;
import io.dialtone.sdp.OfferAnswer;
import io.dialtone.sdp.SdpParseException;
import io.dialtone.sdp.SessionDescription;
import io.dialtone.session.internal.SessionMedia;
import io.dialtone.transaction.ClientTransaction;
import io.dialtone.transaction.ClientTransactionListener;
import io.dialtone.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * Changes to an established (or early) session that we start: a re-INVITE with a new offer, a
 * re-INVITE without one (the offer comes in the 2xx, our answer goes in the ACK), and UPDATE with a
 * new offer (RFC 3261 §14.1, RFC 3311 §5.1, RFC 3264 §8). Hold and resume are such offers with
 * another direction (§8.4, {@link HoldState}).
 *
 * <p>One offer at a time: while ours is pending a peer's re-INVITE, or UPDATE with an offer, gets
 * 491 ({@link #conflict}); a 491 to ours is retried after 2.1–4 s when we own the Call-ID (we sent
 * the initial INVITE), 0–2 s otherwise (§14.1). A rejected offer leaves the session as it was
 * (RFC 3264 §8); 481 or 408 end it with BYE (§12.2.1.2). When a session timer runs, each request
 * carries Session-Expires, a 422 is retried at once with the larger Min-SE, and the 2xx re-arms the
 * timer (RFC 4028 §7.4, §10).
 *
 * <p>Threading: confined to the call executor of its session.
 */
final class SessionModification implements ClientTransactionListener {
    private static final Logger LOG = LoggerFactory.getLogger(SessionModification.class);
    private static final int MAX_491_RETRIES = 3;

    private final InviteSession session;
    private final EarlyMedia early;
    private ClientTransaction pending;
    private Op op;
    private SessionDescription beforeOffer;
    private SipRequest lastAck;

    /** One change: its method, whether we offer, the direction offered, and its caller's future. */
    private record Op(String method, boolean offer, MediaDirection direction, CompletableFuture<SipResponse> result,
                      int retries) {
        Op retried() {
            return new Op(method, offer, direction, result, retries + 1);
        }
    }

    SessionModification(InviteSession session, EarlyMedia early) {
        this.session = session;
        this.early = early;
    }

    /** True while our re-INVITE or UPDATE waits for its final response (or its 491 retry). */
    boolean pending() {
        return op != null;
    }

    /**
     * Sends a re-INVITE or UPDATE.
     *
     * @param method    INVITE or UPDATE
     * @param offer     whether it carries an offer (an UPDATE always does)
     * @param direction the direction offered
     * @return completes with the final response (2xx or not); fails with TimeoutException (no
     *         response, the session then ends with BYE) or TransportException
     * @throws IllegalStateException when another offer is pending
     */
    CompletableFuture<SipResponse> start(String method, boolean offer, MediaDirection direction) {
        if (pending() || session.refreshPending()) {
            throw new IllegalStateException("a re-INVITE or UPDATE is already pending (RFC 3261 §14.1)");
        }
        op = new Op(method, offer, direction, new CompletableFuture<>(), 0);
        send();
        return op.result();
    }

    private void send() {
        SessionLayer layer = session.layer();
        Dialog d = session.dialog();
        SipRequest.Builder b = d.newRequest(op.method()).addVia(layer.newVia(session.transport()));
        layer.decorate(b);
        SessionTimer timer = session.timer();
        if (timer.running()) { // every re-INVITE/UPDATE refreshes the session (RFC 4028 §7.4, §10)
            b.sessionExpires(SessionExpires.of(timer.intervalSec(), timer.weRefresh() ? "uac" : "uas"))
                    .set(HeaderNames.MIN_SE, Long.toString(layer.config().minSeSec()));
        }
        if (op.offer()) {
            SessionMedia media = session.media();
            beforeOffer = media.localSdp();
            b.body("application/sdp", media.reoffer(op.direction()).toBytes());
        }
        LOG.debug("{}: {} {} offer, {}", session.callId(), op.method(), op.offer() ? "with" : "without", op.direction());
        pending = layer.transactions().sendRequest(b.build(), layer.nextHop(d, session.transport()), this);
    }

    /**
     * The status a peer's re-INVITE or UPDATE gets instead of being processed, or 0: 491 while our
     * offer is pending (RFC 3261 §14.2, RFC 3311 §5.2), 500 for an UPDATE offer while an offer we
     * received is unanswered (RFC 3311 §5.2; the caller adds Retry-After).
     */
    int conflict(SipRequest req) {
        boolean offers = req.hasBody();
        if (pending() && (req.is(SipMethod.INVITE) || offers)) {
            return 491;
        }
        if (req.is(SipMethod.UPDATE) && offers && !early.answered()) {
            SessionState s = session.state();
            if (s == SessionState.INCOMING && session.invite().hasBody()) {
                return 500; // the INVITE's offer awaits our answer
            }
            if (s == SessionState.CALLING || s == SessionState.EARLY) {
                return 491; // our INVITE's offer awaits the answer
            }
        }
        return 0;
    }

    /**
     * The ACK to our 2xx for a re-INVITE arrived: with a body it is the answer to the offer our 2xx
     * carried (an offerless re-INVITE, RFC 3264 §5), applied to the stream.
     */
    void onAck(SipRequest ack) {
        if (!ack.hasBody()) {
            return;
        }
        try {
            OfferAnswer.negotiate(session.media().localSdp(), SessionDescription.parse(ack.body()), true)
                    .ifPresentOrElse(session.media()::update, () -> session.bye("no acceptable media in ACK"));
        } catch (SdpParseException e) {
            session.bye("bad SDP in ACK");
        }
    }

    // ------------------------------------------------------------------ ClientTransactionListener

    @Override
    public void onResponse(ClientTransaction tx, SipResponse rsp) {
        if (tx != pending) {
            if (rsp.isSuccess() && lastAck != null && lastAck.cseq().number() == rsp.cseq().number()) {
                resendAck(); // retransmitted 2xx (§13.2.2.4)
            }
            return;
        }
        if (rsp.isProvisional()) {
            return;
        }
        pending = null;
        Op done = op;
        SessionTimer timer = session.timer();
        if (rsp.statusCode() == 422 && timer.running() && done.retries() < MAX_491_RETRIES) { // RFC 4028 §7.4
            restoreOffer(done);
            timer.start(Math.max(rsp.minSE().orElse(timer.intervalSec() * 2), timer.intervalSec()), timer.weRefresh());
            op = done.retried();
            send();
            return;
        }
        if (rsp.statusCode() == 491 && done.retries() < MAX_491_RETRIES) { // §14.1
            restoreOffer(done);
            long delayMs = session.role() == InviteSession.Role.UAC
                    ? ThreadLocalRandom.current().nextLong(2100, 4001) : ThreadLocalRandom.current().nextLong(0, 2001);
            op = done.retried();
            session.layer().scheduler().schedule(Duration.ofMillis(delayMs), () -> {
                if (op != null && session.state() != SessionState.TERMINATED && session.state() != SessionState.TERMINATING) {
                    send();
                }
            });
            return;
        }
        op = null;
        if (rsp.isSuccess()) {
            onSuccess(tx.request(), rsp, done);
        } else {
            restoreOffer(done);
            if (rsp.statusCode() == 481 || rsp.statusCode() == 408) {
                session.bye(done.method() + " failed " + rsp.statusCode()); // §12.2.1.2: the dialog is gone
            }
        }
        done.result().complete(rsp);
    }

    private void onSuccess(SipRequest request, SipResponse rsp, Op done) {
        Dialog d = session.dialog();
        d.onTargetRefreshResponse(rsp);
        SessionMedia media = session.media();
        byte[] ackBody = null;
        boolean acceptable = true;
        if (done.offer()) {
            acceptable = applyAnswer(media, rsp);
            if (acceptable) {
                media.wantedDirection(done.direction());
            }
        } else if (request.is(SipMethod.INVITE)) { // the 2xx carries the offer, we answer in the ACK (RFC 3264 §5)
            Answer answer = null;
            try {
                answer = rsp.hasBody() ? media.reanswer(SessionDescription.parse(rsp.body())) : null;
            } catch (SdpParseException e) {
                LOG.warn("{}: unparseable offer in the 2xx to our re-INVITE: {}", session.callId(), e.getMessage());
            }
            acceptable = answer != null && answer.isAcceptable();
            if (answer != null) { // even a refusal is answered in the ACK before the BYE (RFC 3261 §14.1)
                ackBody = answer.toBytes();
            }
            if (acceptable) {
                answer.media().ifPresent(media::update);
            }
        }
        if (request.is(SipMethod.INVITE)) {
            SipRequest.Builder ack = d.newAck(request.cseq().number()).addVia(session.layer().newVia(session.transport()));
            if (ackBody != null) {
                ack.body("application/sdp", ackBody);
            }
            lastAck = ack.build();
            resendAck();
        }
        if (!acceptable) { // §14.1 and RFC 3264 §8: an answer we cannot use ends the session
            session.bye("no acceptable media after " + done.method());
            return;
        }
        SessionTimerNegotiation.Uac st = SessionTimerNegotiation.uac(rsp, session.timer().intervalSec());
        if (st.intervalSec() > 0) {
            session.timer().start(st.intervalSec(), st.uacRefreshes());
        }
    }

    private boolean applyAnswer(SessionMedia media, SipResponse rsp) {
        if (!rsp.hasBody()) {
            LOG.warn("{}: 2xx to our offer without an answer", session.callId());
            return false;
        }
        try {
            Optional<NegotiatedMedia> m = OfferAnswer.negotiate(media.localSdp(), SessionDescription.parse(rsp.body()), true);
            m.ifPresent(media::update);
            return m.isPresent();
        } catch (SdpParseException e) {
            LOG.warn("{}: unparseable SDP answer: {}", session.callId(), e.getMessage());
            return false;
        }
    }

    private void restoreOffer(Op done) {
        if (done.offer() && beforeOffer != null) {
            session.media().restore(beforeOffer);
        }
    }

    private void resendAck() {
        session.layer().transactions().sendAck(lastAck, session.layer().nextHop(session.dialog(), session.transport()));
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        if (tx != pending) {
            return;
        }
        Op done = op;
        pending = null;
        op = null;
        session.bye(done.method() + " timed out"); // §12.2.1.2
        done.result().completeExceptionally(new TimeoutException("no final response to " + done.method()));
    }

    @Override
    public void onTransportError(ClientTransaction tx, TransportException e) {
        if (tx != pending) {
            return;
        }
        Op done = op;
        pending = null;
        op = null;
        restoreOffer(done);
        done.result().completeExceptionally(e);
    }

    /** The session ended: a pending change fails. */
    void onTerminated() {
        if (op != null) {
            Op done = op;
            op = null;
            pending = null;
            done.result().completeExceptionally(new IllegalStateException("session ended"));
        }
    }
}
