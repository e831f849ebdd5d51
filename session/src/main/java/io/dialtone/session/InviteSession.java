package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.message.HeaderNames;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.AudioSource;
import io.dialtone.rtp.RtpStreamStats;
import io.dialtone.session.internal.SessionMedia;
import io.dialtone.transaction.ClientTransaction;
import io.dialtone.transaction.ClientTransactionListener;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transport.Destination;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One INVITE session, as UAC or UAS (RFC 3261 §13–15): the INVITE transaction's outcome, the
 * dialog, SDP offer/answer (RFC 3264), the media stream, and RFC 4028 session timers.
 *
 * <pre>
 *  UAC: CALLING --1xx--&gt; EARLY --2xx/ACK--&gt; CONFIRMED --BYE--&gt; TERMINATING --&gt; TERMINATED
 *  UAS: INCOMING --answer/2xx--&gt; ANSWERED --ACK--&gt; CONFIRMED --BYE--&gt; TERMINATED
 *       CALLING/EARLY/INCOMING --non-2xx final, CANCEL/487, timeout--&gt; TERMINATED
 * </pre>
 *
 * <p>This class holds the session's state, dialog and public API; {@link SessionRouting} dispatches
 * what arrives to its parts: {@link UacInvite} or {@link UasInvite} (the initial INVITE transaction
 * of each role), {@link SessionRefresh} (RFC 4028, re-INVITE/UPDATE received),
 * {@link SessionModification} (re-INVITE/UPDATE we send: hold, resume, new offers),
 * {@link EarlyMedia} and {@link ReliableProvisionals} (RFC 3262), {@link SessionDtmf} (RFC 4733
 * and SIP INFO).
 *
 * <p>Threading: confined to its call executor; every public method must be called there (the
 * client's {@code Call} hops onto it). No locks.
 */
public final class InviteSession implements ClientTransactionListener {
    private static final Logger LOG = LoggerFactory.getLogger(InviteSession.class);

    /** Which side of the initial INVITE we are. */
    public enum Role { UAC, UAS }

    private final SessionLayer layer;
    private final Role role;
    private final String callId;
    private final String localTag;
    private final String transport;
    private final SessionMedia media;
    private final SessionTimer timer;
    private final SessionRefresh refresh;   // RFC 4028 refreshes both ways, re-INVITE/UPDATE received
    private final CompletableFuture<SipResponse> outcome = new CompletableFuture<>();
    private final CompletableFuture<EndReason> ended = new CompletableFuture<>();
    private final long createdNanos;
    private SessionState state;
    private Dialog dialog;
    private SipRequest invite;
    private final OkRetransmitter okRetransmitter;
    private final UacInvite uac;            // UAC: the INVITE and its responses; UAS: null
    private final UasInvite uas;            // UAS: ringing, answer, CANCEL, the ACK; UAC: null
    private final UacChallenge challenge;   // UAC: 401/407 answered with Digest credentials (§22.2)
    private long answeredNanos;
    private AudioSource source;
    private AudioSink sink;
    private ReliableProvisionals reliable;  // UAS until the final response (kept when 100rel is in use): RFC 3262 §3
    // created on first use, so a plain call does not carry them
    private EarlyMedia earlyMedia;                 // RFC 3262 §5 early media, both roles
    private SessionModification modification;      // our re-INVITE/UPDATE: RFC 3311, §14.1, hold
    private SessionDtmf dtmf;                      // DTMF received, its handler, SIP INFO DTMF

    InviteSession(SessionLayer layer, Role role, String callId, String localTag, String transport, SessionMedia media) {
        this.layer = layer;
        this.role = role;
        this.callId = callId;
        this.localTag = localTag;
        this.transport = transport;
        this.media = media;
        this.refresh = new SessionRefresh(this);
        this.timer = new SessionTimer(layer.scheduler(), refresh);
        this.okRetransmitter = new OkRetransmitter(layer.scheduler(), layer.sender(), layer.config().timers(),
                this::onNoAck);
        // UAC-only helpers: a UAS (most sessions of a server) does not carry them
        this.uac = role == Role.UAC ? new UacInvite(this) : null;
        this.uas = role == Role.UAS ? new UasInvite(this) : null;
        this.challenge = new UacChallenge(layer, transport); // small; its DigestClient is made on the first challenge
        this.createdNanos = layer.scheduler().nanoTime();
        this.state = role == Role.UAC ? SessionState.CALLING : SessionState.INCOMING;
        // RFC 4733 digits arrive on the media loop: hop onto the call executor
        media.dtmfListener((digit, ms) -> layer.scheduler().execute(() -> dtmf().onDigit(digit)));
        this.reliable = role == Role.UAS ? new ReliableProvisionals(layer, () -> {
            if (state == SessionState.INCOMING) {
                reject(500); // RFC 3262 §3: no PRACK within 64·T1
            }
        }) : null;
    }

    // ------------------------------------------------------------------ accessors

    /** Whether we sent the INVITE (UAC) or received it (UAS). */
    public Role role() {
        return role;
    }

    public String callId() {
        return callId;
    }

    /** The current state; read it on the call executor (elsewhere it may be stale). */
    public SessionState state() {
        return state;
    }

    /**
     * The remote party (From for UAS, To for UAC) as written in the INVITE; once the INVITE was let
     * go (see {@link #invite()}), the dialog's remote URI, which is the same without the tag.
     */
    public String remoteParty() {
        SipRequest inv = invite; // one read: safe from another thread, which may see either value
        if (inv == null) {
            return dialog.remoteUri().toString();
        }
        return role == Role.UAS ? inv.from().toString() : inv.to().toString();
    }

    /**
     * The INVITE that created the session, or {@code null} once the session no longer needs it:
     * an established session keeps only its dialog state (§12), not the messages that set it up.
     * A UAS lets it go when the ACK arrives; a UAC 128·T1 after the 2xx, twice the time a UAS
     * retransmits its 2xx (§13.3.1.4) and our Timer M waits for forks' 2xx (RFC 6026 §7.2).
     */
    public SipRequest invite() {
        return invite;
    }

    /**
     * Keeps the INVITE as its bytes only ({@link SipRequest#compact()}): a UAS that sent its 2xx
     * holds it until the ACK, up to 64·T1, and under overload many such calls wait at once.
     */
    void compactInvite() {
        SipRequest inv = invite;
        if (inv != null) {
            invite = inv.compact();
        }
    }

    /** UAC: completes with the final response to the INVITE (2xx or not); never fails. */
    public CompletableFuture<SipResponse> outcome() {
        return outcome;
    }

    /** Completes once when the session ends, for any reason. */
    public CompletableFuture<EndReason> ended() {
        return ended;
    }

    /** RTP statistics of the session's stream, or {@code null} before media was set up. */
    public RtpStreamStats mediaStats() {
        return media.stats();
    }

    // ------------------------------------------------------------------ DTMF (RFC 4733)

    /** The DTMF digits (RFC 4733 telephone-events) received so far, in order. */
    public String dtmfReceived() {
        return dtmf == null ? "" : dtmf.received();
    }

    /**
     * Sets who receives each DTMF digit, on the call executor; digits received before are passed to
     * it at once, in order.
     *
     * @param handler the handler, or null for none
     */
    public void dtmfHandler(Consumer<Character> handler) {
        dtmf().handler(handler);
    }

    /**
     * Sends DTMF digits as RFC 4733 telephone-events, one after another, while media runs.
     *
     * @param digits     {@code 0-9 * # A-D}
     * @param durationMs duration of each digit, ms
     * @return completes after the last digit's end packets were sent; fails with
     *         IllegalStateException without media or negotiated telephone-event
     * @throws IllegalArgumentException for an empty string or another character
     */
    public CompletableFuture<Void> sendDtmf(String digits, int durationMs) {
        return SessionDtmf.sendEvents(media, digits, durationMs);
    }

    /**
     * Sends DTMF digits as RFC 4733 telephone-events ({@link #sendDtmf(String, int)}) or as SIP INFO
     * requests, one per digit, each after the previous one's 2xx ({@link DtmfMode#INFO}).
     *
     * @param digits     {@code 0-9 * # A-D}
     * @param durationMs duration of each digit, ms
     * @return completes after the last digit was sent (RFC 4733) or answered 2xx (INFO); fails with
     *         IllegalStateException without media or an established session, or for a non-2xx to an INFO
     * @throws IllegalArgumentException for an empty string or another character
     */
    public CompletableFuture<Void> sendDtmf(String digits, int durationMs, DtmfMode mode) {
        if (mode == DtmfMode.RFC4733) {
            return sendDtmf(digits, durationMs);
        }
        return dtmf().sendInfo(digits, durationMs);
    }

    // ------------------------------------------------------------------ early media, UPDATE, re-INVITE, hold

    /**
     * UAS: answers the INVITE's offer in 183 Session Progress and starts media before the 2xx (early
     * media; the 183 is reliable when 100rel is in use, RFC 3262). {@link #answer} later sends the 2xx
     * with the media already running (its source and sink are then not used). An unacceptable offer
     * is rejected with 488.
     *
     * @throws IllegalStateException unless {@link SessionState#INCOMING} with an offer in the INVITE,
     *                               or when early media was already answered
     */
    public void progress(AudioSource src, AudioSink snk) {
        if (state != SessionState.INCOMING) {
            throw new IllegalStateException("cannot send early media in state " + state);
        }
        if (!earlyMedia().progress(reliable, src, snk)) {
            reject(488);
        }
    }

    /**
     * Sends UPDATE with a new offer (RFC 3311 §5.1, RFC 3264 §8: origin version incremented, same
     * direction): in the confirmed session, or in the early one once the INVITE's offer was answered
     * in a reliable provisional.
     *
     * @return completes with the final response (a non-2xx leaves the session as it was); fails with
     *         TimeoutException (the session then ends with BYE) or TransportException
     * @throws IllegalStateException in another state, or while another offer is pending
     */
    public CompletableFuture<SipResponse> update() {
        boolean early = (state == SessionState.EARLY || state == SessionState.INCOMING) && earlyMedia().answeredReliably();
        requireModifiable(early);
        return modification().start(SipMethod.UPDATE, true, media.wantedDirection());
    }

    /**
     * Sends a re-INVITE (RFC 3261 §14.1) with a new offer, or without one: the peer then offers in
     * its 2xx and we answer in the ACK (RFC 3264 §5).
     *
     * @return as {@link #update()}
     * @throws IllegalStateException unless confirmed, or while another offer is pending
     */
    public CompletableFuture<SipResponse> reInvite(boolean withOffer) {
        requireModifiable(false);
        return modification().start(SipMethod.INVITE, withOffer, media.wantedDirection());
    }

    /**
     * Puts the peer on hold (RFC 3264 §8.4): a re-INVITE offering {@code sendonly}, or {@code inactive}
     * when the peer holds us already. Our stream then stops receiving, the peer's stops sending.
     *
     * @return as {@link #update()}
     * @throws IllegalStateException unless confirmed, or while another offer is pending
     */
    public CompletableFuture<SipResponse> hold() {
        requireModifiable(false);
        return modification().start(SipMethod.INVITE, true, HoldState.holdOffer(media.negotiated()));
    }

    /**
     * Takes the peer off hold: a re-INVITE offering {@code sendrecv} (RFC 3264 §8.4).
     *
     * @return as {@link #update()}
     * @throws IllegalStateException unless confirmed, or while another offer is pending
     */
    public CompletableFuture<SipResponse> resume() {
        requireModifiable(false);
        return modification().start(SipMethod.INVITE, true, HoldState.resumeOffer());
    }

    /** True while we hold the peer (our last accepted offer was sendonly or inactive). */
    public boolean onHold() {
        return media.wantedDirection() != io.dialtone.sdp.MediaDirection.SENDRECV;
    }

    private void requireModifiable(boolean earlyAllowed) {
        if (state != SessionState.CONFIRMED && !earlyAllowed) {
            throw new IllegalStateException("cannot change the session in state " + state);
        }
    }

    /** Session refreshes we sent or received (RFC 4028). */
    public int refreshes() {
        return refresh.refreshes();
    }

    /** Negotiated session interval in seconds, 0 when no session timer runs. */
    public long sessionIntervalSec() {
        return timer.intervalSec();
    }

    /** Milliseconds from creation to the 2xx, or -1 while unanswered. */
    public long setupMillis() {
        return answeredNanos == 0 ? -1 : (answeredNanos - createdNanos) / 1_000_000;
    }

    String localTag() {
        return localTag;
    }

    /** UAS: the INVITE server transaction that created the session, {@code null} once it ended; UAC: {@code null}. */
    ServerTransaction inviteServerTx() {
        return uas == null ? null : uas.serverTx();
    }

    /** UAS: the INVITE server transaction terminated (after Timer L or H); drop it and what it holds. */
    void inviteServerTxTerminated() {
        uas.serverTxTerminated();
    }

    /** UAC: the forks of the INVITE (§13.2.2.4); UAS: {@code null}. */
    UacForks forks() {
        return uac == null ? null : uac.forks();
    }

    /** UAC: the INVITE and its responses; UAS: {@code null}. */
    UacInvite uac() {
        return uac;
    }

    /** UAS: ringing, answer, CANCEL, the ACK; UAC: {@code null}. */
    UasInvite uas() {
        return uas;
    }

    /** The dialog: the confirmed one, or the first early one; {@code null} before any. */
    Dialog dialog() {
        return dialog;
    }

    // ------------------------------------------------------------------ UAC

    void startUac(SipRequest request, Destination dest, AudioSource src, AudioSink snk) {
        this.invite = request;
        this.source = src;
        this.sink = snk;
        uac.start(request, dest);
    }

    @Override
    public void onResponse(ClientTransaction tx, SipResponse rsp) {
        SessionRouting.onResponse(this, tx, rsp);
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        SessionRouting.onTimeout(this, tx);
    }

    @Override
    public void onTransportError(ClientTransaction tx, TransportException e) {
        SessionRouting.onTransportError(this, tx, e);
    }

    // ------------------------------------------------------------------ UAS

    void startUas(ServerTransaction tx, SipRequest request, Inbound source) {
        uas.start(tx, request, source);
    }

    /**
     * Answers an incoming session with 200 OK and SDP (RFC 3261 §13.3.1.4, RFC 3264 §6), and
     * starts media.
     *
     * @throws IllegalStateException unless the session is {@link SessionState#INCOMING}
     */
    public void answer(AudioSource src, AudioSink snk) {
        if (state != SessionState.INCOMING) {
            throw new IllegalStateException("cannot answer in state " + state);
        }
        if (reliable.holdAnswer(() -> answer(src, snk))) {
            return; // RFC 3262 §3: the 2xx waits for the PRACK of a reliable provisional with SDP
        }
        this.source = src;
        this.sink = snk;
        uas.answer();
    }

    /** 64·T1 without an ACK for our 2xx: the session is confirmed and ended at once (§13.3.1.4). */
    private void onNoAck() {
        if (state == SessionState.ANSWERED) {
            dialog.confirm();
            enter(SessionState.CONFIRMED, "no ACK");
            invite = null;
        }
        sendBye("no ACK for 2xx");
    }

    /**
     * Rejects an unanswered incoming session with a final response.
     *
     * @param status 300–699
     * @throws IllegalStateException unless the session is {@link SessionState#INCOMING}
     */
    public void reject(int status) {
        if (state != SessionState.INCOMING) {
            throw new IllegalStateException("cannot reject in state " + state);
        }
        if (status < 300 || status > 699) {
            throw new IllegalArgumentException("not a failure status: " + status);
        }
        uas.respond(status);
        terminate(new EndReason(status, "rejected " + status, true));
    }

    // ------------------------------------------------------------------ ending

    /**
     * Ends the session the way its state calls for: CANCEL before an answer (UAC, §9.1; deferred
     * until a provisional arrives), 603 when ringing (UAS), BYE once answered (§15).
     */
    public void hangup() {
        switch (state) {
            case CALLING, EARLY -> uac.cancel();
            case INCOMING -> reject(603);
            case ANSWERED, CONFIRMED -> sendBye("local hangup");
            case TERMINATING, TERMINATED -> { }
        }
    }

    private void sendBye(String why) {
        if (state == SessionState.TERMINATING || state == SessionState.TERMINATED) {
            return;
        }
        okRetransmitter.stop();
        timer.stop();
        media.stop();
        SipRequest.Builder b = dialog.newRequest(SipMethod.BYE).addVia(layer.newVia(transport));
        b.set(HeaderNames.REASON, "SIP;cause=200;text=\"" + why + "\"");
        layer.decorate(b);
        SipRequest bye = b.build();
        enter(SessionState.TERMINATING, why);
        layer.transactions().sendRequest(bye, layer.nextHop(dialog, transport), this);
        endReasonOnBye = new EndReason(200, why, true);
    }

    private EndReason endReasonOnBye;

    void terminate(EndReason reason) {
        if (state == SessionState.TERMINATED) {
            return;
        }
        if (endReasonOnBye != null && reason.byLocal()) {
            reason = endReasonOnBye;
        }
        okRetransmitter.stop();
        if (reliable != null) {
            reliable.onFinal();
        }
        if (modification != null) {
            modification().onTerminated();
        }
        timer.stop();
        media.stop();
        if (uac != null) {
            uac.terminated();
        }
        if (dialog != null) {
            dialog.terminate();
        }
        enter(SessionState.TERMINATED, reason.text());
        layer.remove(this);
        if (!outcome.isDone()) {
            outcome.complete(null);
        }
        ended.complete(reason);
    }

    // ------------------------------------------------------------------ for the parts and SessionRouting

    SessionLayer layer() {
        return layer;
    }

    SessionMedia media() {
        return media;
    }

    String transport() {
        return transport;
    }

    SessionTimer timer() {
        return timer;
    }

    AudioSource source() {
        return source;
    }

    AudioSink sink() {
        return sink;
    }

    /** True while our session-refresh re-INVITE/UPDATE is pending. */
    boolean refreshPending() {
        return refresh.pending();
    }

    void invite(SipRequest request) {
        invite = request;
    }

    void dialog(Dialog d) {
        dialog = d;
    }

    /** The 2xx was sent or received now (for {@link #setupMillis()}). */
    void answered() {
        answeredNanos = layer.scheduler().nanoTime();
    }

    /** UAC: completes {@link #outcome()} with {@code rsp} unless it already completed. */
    void completeOutcome(SipResponse rsp) {
        if (!outcome.isDone()) {
            outcome.complete(rsp);
        }
    }

    ReliableProvisionals reliable() {
        return reliable;
    }

    /** UAS: the final response to the INVITE went out; reliable provisionals are kept only if 100rel was used. */
    void provisionalsDone() {
        if (reliable != null) {
            reliable.onFinal();
            if (!reliable.reliable()) {
                reliable = null;
            }
        }
    }

    EarlyMedia earlyMedia() {
        if (earlyMedia == null) {
            earlyMedia = new EarlyMedia(this);
        }
        return earlyMedia;
    }

    /** UAS: the offer was answered in a 183 (early media), so the 2xx repeats that answer. */
    boolean earlyMediaAnswered() {
        return earlyMedia != null && earlyMedia.answered();
    }

    /** The session's DTMF, created on first use. */
    SessionDtmf dtmf() {
        if (dtmf == null) {
            dtmf = new SessionDtmf(this);
        }
        return dtmf;
    }

    SessionRefresh refresh() {
        return refresh;
    }

    SessionModification modification() {
        if (modification == null) {
            modification = new SessionModification(this, earlyMedia());
        }
        return modification;
    }

    UacChallenge challenge() {
        return challenge;
    }

    OkRetransmitter okRetransmitter() {
        return okRetransmitter;
    }

    /** Ends the session with BYE (no-op once ending). */
    void bye(String why) {
        sendBye(why);
    }

    void enter(SessionState next, String cause) {
        if (state == SessionState.TERMINATED) {
            throw new IllegalStateException(callId + ": " + state + " -> " + next);
        }
        LOG.debug("{}: {} -> {} ({})", callId, state, next, cause);
        state = next;
    }
}
