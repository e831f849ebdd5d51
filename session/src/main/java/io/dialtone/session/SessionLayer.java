package io.dialtone.session;

import io.dialtone.dialog.Dialog;
import io.dialtone.dialog.NextHop;
import io.dialtone.message.HeaderNames;
import io.dialtone.message.NameAddr;
import io.dialtone.message.Parameters;
import io.dialtone.message.SessionExpires;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipParseException;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.AudioSource;
import io.dialtone.rtp.MediaEngine;
import io.dialtone.sdp.SdpParseException;
import io.dialtone.sdp.SessionDescription;
import io.dialtone.session.internal.SessionMedia;
import io.dialtone.session.register.Registrar;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transaction.TransactionLayer;
import io.dialtone.transaction.TransactionState;
import io.dialtone.transaction.TransactionUser;
import io.dialtone.transport.Destination;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.ListeningPoint;
import io.dialtone.transport.MessageSender;
import io.dialtone.transport.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The UA core of one call executor (RFC 3261 §8.2, §12–15): validates incoming requests, routes
 * them to their {@link InviteSession}, answers what belongs to no session, and places new calls.
 * There is one instance per call executor and it only sees Call-IDs hashed to that executor.
 *
 * <p>Threading: confined to its call executor; plain maps, no locks.
 */
public final class SessionLayer implements TransactionUser {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLayer.class);
    /** Methods we implement (§20.5 Allow). */
    public static final String ALLOW = UasValidation.ALLOW;

    private final SessionConfig config;
    private final Scheduler scheduler;
    private final MessageSender sender;
    private final MediaEngine mediaEngine;
    private final SessionListener listener;
    private final Map<SessionKey, InviteSession> sessions = new HashMap<>();
    /** UAS sessions by the INVITE server transaction that created them, for CANCEL (§9.2) and transport errors. */
    private final Map<ServerTransaction, InviteSession> byInviteTx = new HashMap<>();
    private final UasValidation validation;
    private final Map<String, NameAddr> contacts = new HashMap<>(4);
    private final ExtensionMethods extensions = new ExtensionMethods(this); // REFER, Replaces, MESSAGE, SUBSCRIBE/NOTIFY
    private TransactionLayer transactions;
    /** REGISTER and requests for registered AORs (RFC 3261 §10.3, §16), or null: current behaviour. */
    private Registrar registrar;

    /**
     * @param scheduler   the call executor's scheduler
     * @param sender      the transport
     * @param mediaEngine RTP streams
     * @param listener    told about incoming sessions
     */
    public SessionLayer(SessionConfig config, Scheduler scheduler, MessageSender sender, MediaEngine mediaEngine,
                        SessionListener listener) {
        this.config = config;
        this.scheduler = scheduler;
        this.sender = sender;
        this.mediaEngine = mediaEngine;
        this.listener = listener;
        this.validation = new UasValidation(config.rel100(), req -> transactions.isMergedWithAnswered(req));
    }

    /** Binds the transaction layer of the same executor (they reference each other). */
    public void bind(TransactionLayer transactionLayer) {
        this.transactions = transactionLayer;
    }

    /**
     * Makes this UA core a registrar and a proxy for registered AORs: every request is offered to
     * {@code r} first ({@link Registrar#onRequest}). Call before traffic, on this executor.
     */
    public void registrar(Registrar r) {
        this.registrar = r;
    }

    SessionConfig config() {
        return config;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    MessageSender sender() {
        return sender;
    }

    TransactionLayer transactions() {
        return transactions;
    }

    /** REFER, Replaces, MESSAGE and SUBSCRIBE/NOTIFY of this layer: configure listeners and packages there. */
    public ExtensionMethods extensions() {
        return extensions;
    }

    /** The session whose dialog has Call-ID {@code callId} and our tag {@code localTag}, or {@code null}. */
    InviteSession session(String callId, String localTag) {
        return sessions.get(key(callId, localTag));
    }

    /** Sessions currently alive on this executor. */
    public int activeSessions() {
        return sessions.size();
    }

    // ------------------------------------------------------------------ outgoing calls

    /**
     * Places a call (RFC 3261 §8.1, §13.2): builds the INVITE with an SDP offer and sends it.
     * Must run on this layer's executor; {@code callId} must hash to it.
     *
     * @param target    Request-URI
     * @param transport "UDP" or "TCP"
     */
    public InviteSession call(String callId, SipUri target, String transport, AudioSource source, AudioSink sink) {
        return call(callId, target, transport, source, sink, List.of(), b -> { });
    }

    /**
     * As {@link #call(String, SipUri, String, AudioSource, AudioSink)}, with a pre-existing route
     * set (§8.1.2), e.g. an outbound proxy {@code <sip:proxy;lr>}: the INVITE carries it as Route
     * and goes to its first entry.
     */
    public InviteSession call(String callId, SipUri target, String transport, AudioSource source, AudioSink sink,
                              List<NameAddr> routes) {
        return call(callId, target, transport, source, sink, routes, b -> { });
    }

    /**
     * Places a call as {@link #call(String, SipUri, String, AudioSource, AudioSink, List)} does,
     * letting {@code headers} add to the INVITE (Replaces, Referred-By: RFC 3891 §4, RFC 3892 §4).
     */
    public InviteSession call(String callId, SipUri target, String transport, AudioSource source, AudioSink sink,
                              List<NameAddr> routes, java.util.function.Consumer<SipRequest.Builder> headers) {
        String tag = Dialog.newTag();
        SessionMedia media = new SessionMedia(mediaEngine, config);
        InviteSession session = new InviteSession(this, InviteSession.Role.UAC, callId, tag, transport, media);
        ListeningPoint lp = sender.listeningPoint(transport);
        SipRequest.Builder b = SipRequest.builder(SipMethod.INVITE, target)
                .addVia(newVia(transport))
                .from(new NameAddr(null, SipUri.of(config.userName(), lp.host(), lp.port()), Parameters.EMPTY).withTag(tag))
                .to(NameAddr.of(target.withoutParam("transport")))
                .callId(callId)
                .cseq(1, SipMethod.INVITE)
                .maxForwards(70)
                .contact(contact(transport))
                .routes(routes);
        decorate(b);
        headers.accept(b);
        if (config.sessionExpiresSec() > 0) {
            b.sessionExpires(SessionExpires.of(config.sessionExpiresSec(), null))
                    .set(HeaderNames.MIN_SE, Long.toString(config.minSeSec()));
        }
        SessionDescription offer = media.offer();
        b.body("application/sdp", offer.toBytes());
        SipRequest invite = b.build();
        sessions.put(key(callId, tag), session);
        Destination dest = NextHop.of(invite, transport);
        session.startUac(invite, dest, source, sink);
        return session;
    }

    // ------------------------------------------------------------------ TransactionUser

    @Override
    public void onRequest(ServerTransaction tx, SipRequest req, Inbound source) {
        try {
            dispatch(tx, req, source);
        } catch (SipParseException e) { // a header parsed on demand was malformed: §21.4.1
            respondIfOpen(tx, response(req, e.status(), null).reason(e.reasonPhrase()).build());
        } catch (RuntimeException e) { // our bug: answer 500 rather than leave the transaction hanging
            LOG.error("{}: failed to handle {}", req.callId(), req.method(), e);
            respondIfOpen(tx, response(req, 500, null).build());
        }
    }

    private static void respondIfOpen(ServerTransaction tx, SipResponse rsp) {
        try {
            tx.respond(rsp);
        } catch (IllegalStateException alreadyAnswered) {
            LOG.debug("transaction already answered; not sending {}", rsp.statusCode());
        }
    }

    private void dispatch(ServerTransaction tx, SipRequest req, Inbound source) {
        if (registrar != null && registrar.onRequest(tx, req, source)) { // §10.3, §16
            return;
        }
        UasValidation.Verdict verdict = validation.check(tx, req); // §8.2.1-§8.2.3
        if (!verdict.accepted()) {
            SipResponse.Builder b = response(req, verdict.status(), null);
            if (verdict.header() != null) {
                b.header(verdict.header(), verdict.value());
            }
            tx.respond(b.build());
            return;
        }
        String method = req.method();
        if (method.equals(SipMethod.CANCEL)) {
            onCancel(tx, req);
            return;
        }
        if (req.toTag() != null) {
            InviteSession s = sessions.get(key(req.callId(), req.toTag()));
            if (s == null) { // §12.2.2
                if (extensions.onInDialogRequest(tx, req, source)) { // a subscription's dialog (RFC 6665)
                    return;
                }
                tx.respond(response(req, 481, null).build());
            } else {
                SessionRouting.onInDialogRequest(s, tx, req, source);
            }
            return;
        }
        switch (method) {
            case SipMethod.INVITE -> {
                if (!extensions.onInitialInvite(tx, req, source)) { // Replaces (RFC 3891 §3) goes there first
                    onInitialInvite(tx, req, source);
                }
            }
            case SipMethod.SUBSCRIBE, SipMethod.NOTIFY, SipMethod.MESSAGE, SipMethod.REFER ->
                    extensions.onOutOfDialogRequest(tx, req, source);
            case SipMethod.OPTIONS -> tx.respond(response(req, 200, null) // §11.2
                    .header(HeaderNames.ALLOW, ALLOW).header(HeaderNames.ACCEPT, UasValidation.ACCEPT)
                    .header(HeaderNames.SUPPORTED, supported()).build());
            default -> tx.respond(response(req, 481, null).build());
        }
    }

    void onInitialInvite(ServerTransaction tx, SipRequest req, Inbound source) {
        if (config.digestServer() != null && !UasAuthentication.admit(config.digestServer(), config, tx, req)) {
            return; // answered 401 or 403 (§22.1): no session
        }
        SessionDescription offer = null; // parsed once: checked here, answered from SessionMedia
        if (req.hasBody()) { // the type was checked by UasValidation (§8.2.3)
            try {
                offer = SessionDescription.parse(req.body());
            } catch (SdpParseException e) {
                tx.respond(response(req, 400, null).reason("Bad SDP: " + e.reason()).build());
                return;
            }
        }
        SessionTimerNegotiation.UasDecision st = SessionTimerNegotiation.uas(req, config.sessionExpiresSec(), config.minSeSec());
        if (st.rejected()) { // RFC 4028 §9
            tx.respond(response(req, 422, null).set(HeaderNames.MIN_SE, Long.toString(st.rejectMinSe())).build());
            return;
        }
        String tag = Dialog.newTag();
        InviteSession session = new InviteSession(this, InviteSession.Role.UAS, req.callId(), tag,
                source.transport(), new SessionMedia(mediaEngine, config, offer));
        sessions.put(key(req.callId(), tag), session);
        byInviteTx.put(tx, session);
        session.startUas(tx, req, source);
        try {
            listener.onIncoming(session);
        } catch (RuntimeException e) {
            LOG.error("{}: incoming-call handler threw", req.callId(), e);
            if (session.state() == SessionState.INCOMING) {
                session.reject(500);
            }
        }
    }

    /**
     * §9.2: a CANCEL matching an INVITE server transaction gets 200 whatever the INVITE's state;
     * if the INVITE is still unanswered the session answers it 487. A CANCEL matching nothing gets 481.
     */
    private void onCancel(ServerTransaction tx, SipRequest cancel) {
        var invite = transactions.findInvite(cancel);
        if (invite.isEmpty()) {
            // a 2xx-answered INVITE is a record of the transaction layer until Timer L (RFC 6026 §8.7):
            // 200 with that 2xx's To tag, and no other effect
            var acceptedTag = transactions.acceptedInviteToTag(cancel);
            tx.respond(acceptedTag.isPresent()
                    ? response(cancel, 200, acceptedTag.get().isEmpty() ? null : acceptedTag.get()).build()
                    : response(cancel, 481, null).build());
            return;
        }
        InviteSession s = byInviteTx.get(invite.get());
        // §9.2: the 200 to CANCEL carries the To tag of our responses to the INVITE, so a peer that
        // copies it (SIPp's [last_To:]) still addresses the dialog
        tx.respond(response(cancel, 200, s != null ? s.localTag() : null).build());
        if (s != null) {
            SessionRouting.onCancel(s);
        } else if (registrar != null) {
            registrar.proxy().onCancel(invite.get()); // §16.10
        }
    }

    @Override
    public void onServerTransactionDone(ServerTransaction tx) {
        validation.onTerminated(tx);
        if (tx.state() == TransactionState.ACCEPTED && byInviteTx.containsKey(tx)) {
            return; // our 2xx: kept until its ACK (inviteAcked) so a failure to send the 2xx still ends the session
        }
        InviteSession s = byInviteTx.remove(tx);
        if (s != null) {
            s.inviteServerTxTerminated(); // the transaction holds the INVITE and our responses: let them go
        }
    }

    /** Sending a response failed (§17.2.4): a session whose INVITE it was cannot go on. */
    @Override
    public void onTransportError(ServerTransaction tx, io.dialtone.transport.TransportException e) {
        InviteSession s = byInviteTx.get(tx);
        LOG.warn("{}: transport error answering {}: {}", tx.callId(), tx.method(), e.getMessage());
        if (s != null && (s.state() == SessionState.INCOMING || s.state() == SessionState.ANSWERED)) {
            s.terminate(new EndReason(503, "transport error: " + e.getMessage(), false));
        }
    }

    @Override
    public void onAck(SipRequest ack, Inbound source) {
        String tag = ack.toTag();
        InviteSession s = tag == null ? null : sessions.get(key(ack.callId(), tag));
        if (s != null) {
            SessionRouting.onAck(s, ack);
        }
    }

    @Override
    public void onStrayResponse(SipResponse rsp, Inbound source) {
        if (registrar != null && registrar.proxy().onStrayResponse(rsp)) { // §16.7: relayed statelessly
            return;
        }
        if (rsp.isSuccess() && rsp.cseq().method().equals(SipMethod.INVITE)) {
            InviteSession s = sessions.get(key(rsp.callId(), rsp.fromTag()));
            if (s != null) {
                SessionRouting.onStray2xx(s, rsp);
            }
        }
    }

    // ------------------------------------------------------------------ helpers for sessions

    /** The ACK for our 2xx arrived: the session lets its INVITE server transaction go. */
    void inviteAcked(InviteSession s) {
        ServerTransaction tx = s.inviteServerTx();
        if (tx != null && byInviteTx.remove(tx, s)) {
            s.inviteServerTxTerminated();
        }
    }

    void remove(InviteSession s) {
        sessions.remove(key(s.callId(), s.localTag()));
        if (s.inviteServerTx() != null) {
            byInviteTx.remove(s.inviteServerTx(), s);
        }
    }

    /** Requests remembered for merged-request detection (§8.2.2.2); 0 once their transactions ended. */
    int rememberedRequests() {
        return validation.remembered();
    }

    /** A session's key: Call-ID and our tag (§12: the dialog ID as the local side sees it). */
    private record SessionKey(String callId, String localTag) {}

    private static SessionKey key(String callId, String localTag) {
        return new SessionKey(callId, localTag);
    }

    /** A Via with a fresh branch for a request we send (§8.1.1.7), asking for rport (RFC 3581). */
    Via newVia(String transport) {
        ListeningPoint lp = sender.listeningPoint(transport);
        return Via.of(transport, lp.host(), lp.port(), TransactionLayer.newBranch());
    }

    /** Our Contact for {@code transport} (§8.1.1.8); one shared value per transport, not one per dialog. */
    NameAddr contact(String transport) {
        return contacts.computeIfAbsent(transport.toUpperCase(Locale.ROOT), this::newContact);
    }

    private NameAddr newContact(String transport) {
        ListeningPoint lp = sender.listeningPoint(transport);
        SipUri uri = SipUri.of(config.userName(), lp.host(), lp.port());
        if (!transport.equalsIgnoreCase("UDP")) {
            uri = uri.withParam("transport", transport.toLowerCase(Locale.ROOT));
        }
        return NameAddr.of(uri);
    }

    /** Where a request outside a dialog goes: Route or Request-URI (§8.1.2). */
    Destination nextHop(SipRequest request, String transport) {
        return NextHop.of(request, transport);
    }

    /** Where a request inside {@code dialog} goes: its first route, loose or strict, or the remote target (§12.2.1.1). */
    Destination nextHop(Dialog dialog, String transport) {
        return NextHop.of(dialog, transport);
    }

    /** Adds Allow, Supported and User-Agent to a request we originate. */
    void decorate(SipRequest.Builder b) {
        b.set(HeaderNames.ALLOW, ALLOW).set(HeaderNames.SUPPORTED, supported()).set(HeaderNames.USER_AGENT, config.userAgent());
    }

    /** Our Supported option tags (§20.37): timer (RFC 4028), replaces (RFC 3891), and 100rel (RFC 3262) unless disabled. */
    String supported() {
        return config.rel100().enabled() ? UasValidation.SUPPORTED + ", 100rel" : UasValidation.SUPPORTED;
    }

    /** A response to {@code req} (§8.2.6) with our To tag when given, and a Server header. */
    SipResponse.Builder response(SipRequest req, int status, String toTag) {
        SipResponse.Builder b = SipResponse.to(req, status).header(HeaderNames.SERVER, config.userAgent());
        if (toTag != null && req.toTag() == null) {
            b.toTag(toTag);
        } else if (req.toTag() == null && status > 100) {
            b.toTag(Dialog.newTag()); // §8.2.6.2: a tag on every response but 100
        }
        if (req.is(SipMethod.INVITE) && req.toTag() == null && status > 100 && status < 300) {
            b.recordRoutes(req.recordRoutes()); // §12.1.1: a dialog-creating response echoes Record-Route
        }
        if (status >= 200 && status < 300 && (req.is(SipMethod.INVITE) || req.is(SipMethod.UPDATE))) {
            b.header(HeaderNames.ALLOW, ALLOW).header(HeaderNames.SUPPORTED, supported());
        }
        return b;
    }
}
