package io.dialtone.session;

import io.dialtone.message.HeaderNames;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The UAS side of reliable provisional responses (RFC 3262 §3) for one INVITE: each 101–199
 * response carries {@code Require: 100rel} and an RSeq (the first random below 2<sup>31</sup>, then
 * +1), is retransmitted at T1, 2·T1, 4·T1… until a PRACK with the matching RAck arrives, and after
 * 64·T1 without one the owner rejects the INVITE with a 5xx. Only one reliable provisional is
 * unacknowledged at a time; later ones wait in order. A 2xx waits for the PRACK of a provisional that
 * carried SDP.
 *
 * <p>When the INVITE neither requires nor (with {@link Rel100#PREFERRED}) supports 100rel, every
 * provisional is sent once, unreliably, as RFC 3261 §13.3.1.1 has it.
 *
 * <p>Threading: confined to the call executor of its session.
 */
final class ReliableProvisionals {
    private static final Logger LOG = LoggerFactory.getLogger(ReliableProvisionals.class);

    private final SessionLayer layer;
    private final Runnable onGiveUp;
    private final Queue<Pending> queued = new ArrayDeque<>(0);   // empty until a second reliable provisional
    private final List<Runnable> afterPrack = new ArrayList<>(0);
    private ServerTransaction tx;
    private SipRequest invite;
    private long inviteCseq;
    private Inbound source;
    private boolean reliable;
    private long nextRseq = ThreadLocalRandom.current().nextLong(1, 1L << 31); // §3: below 2^31
    private Pending unacked;
    private Scheduler.Scheduled retransmit;
    private Scheduler.Scheduled giveUp;
    private long intervalMs;
    private boolean finalSent;

    private record Pending(SipResponse response, long rseq, boolean carriesSdp) {}

    /** @param onGiveUp run once when 64·T1 passed without the PRACK (§3: reject the INVITE with 5xx) */
    ReliableProvisionals(SessionLayer layer, Runnable onGiveUp) {
        this.layer = layer;
        this.onGiveUp = onGiveUp;
    }

    /** Binds the INVITE and decides whether its provisionals are reliable (§3, our {@link Rel100} policy). */
    void start(ServerTransaction inviteTx, SipRequest request, Inbound requestSource) {
        this.tx = inviteTx;
        this.invite = request;
        this.inviteCseq = request.cseq().number();
        this.source = requestSource;
        Rel100 policy = layer.config().rel100();
        boolean required = request.lists(HeaderNames.REQUIRE, "100rel");
        boolean supported = request.lists(HeaderNames.SUPPORTED, "100rel");
        this.reliable = policy.enabled() && (required || policy == Rel100.PREFERRED && supported);
    }

    /** True when the provisionals of this INVITE are sent reliably. */
    boolean reliable() {
        return reliable;
    }

    /**
     * Sends a provisional response to the INVITE: reliably (Require: 100rel, RSeq, retransmitted)
     * when {@link #reliable()}, else once. A reliable one sent while another is unacknowledged is
     * queued and goes out after that one's PRACK (§3).
     */
    void send(SipResponse.Builder provisional) {
        if (!reliable) {
            tx.respond(provisional.build());
            return;
        }
        provisional.set(HeaderNames.REQUIRE, "100rel").set("RSeq", Long.toString(nextRseq));
        SipResponse rsp = provisional.build();
        Pending p = new Pending(rsp, nextRseq++, rsp.hasBody());
        if (unacked != null) {
            queued.add(p);
            return;
        }
        transmit(p);
    }

    private void transmit(Pending p) {
        unacked = p;
        tx.respond(p.response());
        intervalMs = layer.config().timers().t1().toMillis();
        arm();
        giveUp = layer.scheduler().schedule(layer.config().timers().t1Times(64), () -> {
            giveUp = null;
            cancelTimers();
            LOG.debug("{}: no PRACK for RSeq {} within 64·T1", invite.callId(), p.rseq());
            onGiveUp.run();
        });
    }

    private void arm() {
        retransmit = layer.scheduler().schedule(Duration.ofMillis(intervalMs), () -> {
            retransmit = null;
            layer.sender().sendResponse(unacked.response(), source);
            intervalMs *= 2; // §3: doubling, no T2 cap
            arm();
        });
    }

    /**
     * Whether the 2xx must wait (§3: a reliable provisional that carried SDP is unacknowledged). If so,
     * {@code answerAgain} runs after its PRACK; if not, the final response goes now and retransmissions
     * of provisionals stop (their PRACK is still answered 200).
     */
    boolean holdAnswer(Runnable answerAgain) {
        boolean sdpUnacked = (unacked != null && unacked.carriesSdp())
                || queued.stream().anyMatch(Pending::carriesSdp);
        if (sdpUnacked) {
            afterPrack.add(answerAgain);
            return true;
        }
        onFinal();
        return false;
    }

    /**
     * A final response was sent (or the session ended): stop retransmitting, send nothing queued,
     * and let the INVITE, its transaction and the provisionals go (an established session keeps
     * only dialog state).
     */
    void onFinal() {
        finalSent = true;
        queued.clear();
        afterPrack.clear();
        cancelTimers();
        tx = null;
        invite = null;
        source = null;
        if (unacked != null) { // a late PRACK for it still gets 200: keep its RSeq, not the response
            unacked = new Pending(null, unacked.rseq(), unacked.carriesSdp());
        }
    }

    /**
     * A PRACK in the dialog (§3): 200 when its RAck names the unacknowledged reliable provisional
     * (RSeq, CSeq number and method of the INVITE), else 481. Acknowledgement sends the next queued
     * provisional, then runs a deferred answer.
     */
    void onPrack(ServerTransaction prackTx, SipRequest prack) {
        Rack rack = Rack.parse(prack.header("RAck").orElse(""));
        boolean matches = unacked != null && rack != null && rack.rseq() == unacked.rseq()
                && rack.cseq() == inviteCseq && rack.method().equals(SipMethod.INVITE);
        if (!matches) {
            prackTx.respond(layer.response(prack, 481, null).build());
            return;
        }
        cancelTimers();
        unacked = null;
        prackTx.respond(layer.response(prack, 200, null).build());
        if (finalSent) {
            return;
        }
        Pending next = queued.poll();
        if (next != null) {
            transmit(next);
            return;
        }
        List<Runnable> deferred = new ArrayList<>(afterPrack);
        afterPrack.clear();
        deferred.forEach(Runnable::run);
    }

    /** The RAck header (§7.2): RSeq, CSeq number and method of the acknowledged provisional. */
    record Rack(long rseq, long cseq, String method) {
        /** @return the parsed value, or {@code null} when malformed */
        static Rack parse(String value) {
            String[] parts = value.strip().split("\\s+");
            if (parts.length != 3) {
                return null;
            }
            try {
                return new Rack(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2].toUpperCase(Locale.ROOT));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        @Override
        public String toString() {
            return rseq + " " + cseq + " " + method;
        }
    }

    private void cancelTimers() {
        if (retransmit != null) {
            retransmit.cancel();
            retransmit = null;
        }
        if (giveUp != null) {
            giveUp.cancel();
            giveUp = null;
        }
    }
}
