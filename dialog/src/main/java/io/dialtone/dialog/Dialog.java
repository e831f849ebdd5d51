package io.dialtone.dialog;

import io.dialtone.message.CSeq;
import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The state of one SIP dialog (RFC 3261 §12): identifiers, CSeq spaces, remote target and
 * route set, and the rules for building requests inside it and checking requests received in it.
 *
 * <pre>
 *   (1xx with To tag)            (2xx)
 *  ------------------&gt; EARLY ---------&gt; CONFIRMED ---&gt; TERMINATED
 *  ------------------------------(2xx)-----^   (BYE, or failure of the INVITE in EARLY)
 * </pre>
 *
 * <p>Threading: confined to its call executor; no locks. Created with {@link #asUac} or
 * {@link #asUas}.
 */
public final class Dialog {
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * Cryptographically random bits for tags and Call-IDs (§19.3), drawn from {@link #RANDOM} 512
     * bytes at a time per thread: one {@code nextLong()} per call went through the provider's lock
     * and a SHA-1 mix every time, ~1.5 % of a UAS's CPU at load.
     */
    private static final ThreadLocal<ByteBuffer> RANDOM_BITS =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(512).position(512));

    private final String callId;
    private final String localTag;
    private String remoteTag;
    private final NameAddr localUri;
    private final NameAddr remoteUri;
    private SipUri remoteTarget;
    private List<NameAddr> routeSet;
    private final NameAddr localContact;
    private long localSeq;
    private long remoteSeq = -1;
    private DialogState state;

    private Dialog(String callId, String localTag, String remoteTag, NameAddr localUri, NameAddr remoteUri,
                   SipUri remoteTarget, List<NameAddr> routeSet, NameAddr localContact, long localSeq, DialogState state) {
        this.callId = callId;
        this.localTag = localTag;
        this.remoteTag = remoteTag;
        this.localUri = compact(localUri);
        this.remoteUri = compact(remoteUri);
        this.remoteTarget = compact(remoteTarget);
        this.routeSet = routeSet;
        this.localContact = localContact;
        this.localSeq = localSeq;
        this.state = state;
    }

    /**
     * {@code uri} with its host interned: the peers of a server's dialogs are few, so thousands of
     * dialogs share one host string instead of each keeping copies (heap per dialog, issue 4).
     */
    private static SipUri compact(SipUri uri) {
        String host = uri.host().intern();
        return host == uri.host() ? uri : new SipUri(uri.scheme(), uri.user(), host, uri.port(), uri.params(), uri.headers());
    }

    private static NameAddr compact(NameAddr a) {
        return a.address() instanceof SipUri u ? a.withUri(compact(u)) : a;
    }

    /** A new random tag (§19.3: at least 32 bits of randomness). */
    public static String newTag() {
        return Long.toHexString(randomLong() & 0xFFFF_FFFF_FFFFL);
    }

    private static long randomLong() {
        ByteBuffer bits = RANDOM_BITS.get();
        if (bits.remaining() < Long.BYTES) {
            RANDOM.nextBytes(bits.array());
            bits.clear();
        }
        return bits.getLong();
    }

    /** A new globally unique Call-ID (§8.1.1.4). */
    public static String newCallId(String host) {
        return Long.toHexString(randomLong()) + Long.toHexString(randomLong()) + "@" + host;
    }

    /**
     * The dialog a UAC creates from a response with a To tag to its INVITE (§12.1.2): route set
     * from Record-Route reversed, remote target from Contact.
     *
     * @param request  the request we sent (its From carries our tag)
     * @param response a 1xx (with a To tag) or 2xx
     * @param contact  our Contact, used in requests we send within the dialog
     */
    public static Dialog asUac(SipRequest request, SipResponse response, NameAddr contact) {
        if (response.to().tag() == null) {
            throw new IllegalArgumentException("response has no To tag");
        }
        List<NameAddr> rr = new ArrayList<>(response.recordRoutes());
        Collections.reverse(rr);
        List<NameAddr> contacts = response.contacts();
        SipUri target = contacts.isEmpty() ? request.requestUri() : contacts.get(0).uri();
        return new Dialog(request.callId(), request.from().tag(), response.to().tag(),
                stripTag(request.from()), stripTag(request.to()), target, rr, contact, request.cseq().number(),
                response.isSuccess() ? DialogState.CONFIRMED : DialogState.EARLY);
    }

    /** The remote URI (§12.1: From of the request for a UAS, To for a UAC), without its tag. */
    public NameAddr remoteUri() {
        return remoteUri;
    }

    /** The local URI (§12.1: To of the request for a UAS, From for a UAC), without its tag. */
    public NameAddr localUri() {
        return localUri;
    }

    /**
     * The dialog a UAS creates when it answers {@code request} with a 1xx/2xx carrying
     * {@code localTag} (§12.1.1): route set from Record-Route in order, remote target from Contact.
     */
    public static Dialog asUas(SipRequest request, String localTag, NameAddr contact, boolean confirmed) {
        List<NameAddr> contacts = request.contacts();
        SipUri target = contacts.isEmpty() ? null : contacts.get(0).uri();
        Dialog d = new Dialog(request.callId(), localTag, request.from().tag(), stripTag(request.to()),
                stripTag(request.from()), target, List.copyOf(request.recordRoutes()), contact, 0,
                confirmed ? DialogState.CONFIRMED : DialogState.EARLY);
        d.remoteSeq = request.cseq().number();
        return d;
    }

    /**
     * The dialog a subscriber creates from a NOTIFY that arrives before the 2xx to its SUBSCRIBE
     * (RFC 6665 §4.1.2.4): remote tag from the NOTIFY's From, route set from its Record-Route in
     * order, remote target from its Contact; our CSeq continues from the SUBSCRIBE's.
     *
     * @param subscribe the SUBSCRIBE we sent (its From carries our tag)
     * @param notify    the NOTIFY received (its To carries our tag)
     * @param contact   our Contact
     */
    public static Dialog asSubscriber(SipRequest subscribe, SipRequest notify, NameAddr contact) {
        List<NameAddr> contacts = notify.contacts();
        SipUri target = contacts.isEmpty() ? subscribe.requestUri() : contacts.get(0).uri();
        Dialog d = new Dialog(subscribe.callId(), subscribe.from().tag(), notify.from().tag(), stripTag(subscribe.from()),
                stripTag(subscribe.to()), target, List.copyOf(notify.recordRoutes()), contact, subscribe.cseq().number(),
                DialogState.CONFIRMED);
        d.remoteSeq = notify.cseq().number();
        return d;
    }

    private static NameAddr stripTag(NameAddr a) {
        return new NameAddr(a.displayName(), a.uri(), a.params().without("tag"));
    }

    public DialogId id() {
        return new DialogId(callId, localTag, remoteTag);
    }

    public String callId() {
        return callId;
    }

    public String localTag() {
        return localTag;
    }

    public String remoteTag() {
        return remoteTag;
    }

    public DialogState state() {
        return state;
    }

    public SipUri remoteTarget() {
        return remoteTarget;
    }

    public List<NameAddr> routeSet() {
        return routeSet;
    }

    /**
     * Where requests in this dialog go (§12.2.1.1, §8.1.2): the first URI of the route set, whether
     * that element is a loose router (it is the top Route) or a strict one (it becomes the
     * Request-URI), else the remote target.
     */
    public SipUri nextHopUri() {
        return routeSet.isEmpty() ? remoteTarget : routeSet.get(0).uri();
    }

    public NameAddr localContact() {
        return localContact;
    }

    /** The last CSeq number we used. */
    public long localSeq() {
        return localSeq;
    }

    /** The highest CSeq number received from the peer, or -1. */
    public long remoteSeq() {
        return remoteSeq;
    }

    /** EARLY → CONFIRMED on a 2xx (§12.1). */
    public void confirm() {
        if (state == DialogState.EARLY) {
            state = DialogState.CONFIRMED;
        }
    }

    /**
     * UAC: the 2xx that confirms an early dialog (§13.2.2.4): the route set is recomputed from its
     * Record-Route (reversed), the remote target from its Contact, and the dialog confirmed.
     */
    public void confirmBy(SipResponse ok) {
        if (!ok.isSuccess()) {
            throw new IllegalArgumentException("not a 2xx: " + ok.statusCode());
        }
        List<NameAddr> rr = new ArrayList<>(ok.recordRoutes());
        Collections.reverse(rr);
        routeSet = rr;
        refreshTarget(ok.contacts());
        confirm();
    }

    public void terminate() {
        state = DialogState.TERMINATED;
    }

    /**
     * Starts a request within the dialog (§12.2.1.1): To/From with tags, Call-ID, the next local
     * CSeq (ACK and CANCEL reuse the current one), Request-URI and Route from the route set with
     * loose or strict routing (§16.12.1.1), Contact, Max-Forwards 70. The caller adds the Via and
     * builds.
     *
     * @throws IllegalStateException when the dialog has terminated
     */
    public SipRequest.Builder newRequest(String method) {
        if (state == DialogState.TERMINATED) {
            throw new IllegalStateException("dialog terminated");
        }
        long seq = method.equals(SipMethod.ACK) || method.equals(SipMethod.CANCEL) ? localSeq : ++localSeq;
        return build(method, seq);
    }

    /** The ACK for a 2xx to the INVITE with CSeq {@code inviteCseq} (§13.2.2.4). */
    public SipRequest.Builder newAck(long inviteCseq) {
        return build(SipMethod.ACK, inviteCseq);
    }

    private SipRequest.Builder build(String method, long seq) {
        SipUri requestUri = remoteTarget;
        List<NameAddr> routes = routeSet;
        if (!routeSet.isEmpty() && !routeSet.get(0).uri().looseRouting()) { // strict routing, §12.2.1.1
            requestUri = routeSet.get(0).uri();
            routes = new ArrayList<>(routeSet.subList(1, routeSet.size()));
            routes.add(NameAddr.of(remoteTarget));
        }
        SipRequest.Builder b = SipRequest.builder(method, requestUri)
                .from(localUri.withTag(localTag))
                .to(remoteTag == null ? remoteUri : remoteUri.withTag(remoteTag))
                .callId(callId)
                .cseq(new CSeq(seq, method))
                .maxForwards(70)
                .routes(routes);
        if (!method.equals(SipMethod.ACK) && !method.equals(SipMethod.CANCEL) && !method.equals(SipMethod.BYE)) {
            b.contact(localContact);
        }
        return b;
    }

    /**
     * Checks a request received in this dialog and updates the remote CSeq and, for a target
     * refresh (re-INVITE, UPDATE), the remote target (§12.2.2).
     *
     * @return 0 when acceptable, else the status to answer: 500 for a CSeq lower than the last one
     */
    public int onRequest(SipRequest request) {
        if (request.is(SipMethod.ACK) || request.is(SipMethod.CANCEL)) {
            return 0;
        }
        long seq = request.cseq().number();
        if (remoteSeq >= 0 && seq <= remoteSeq) {
            return 500;
        }
        remoteSeq = seq;
        if (request.is(SipMethod.INVITE) || request.is(SipMethod.UPDATE)) {
            refreshTarget(request.contacts());
        }
        return 0;
    }

    /** Applies a 2xx to our re-INVITE/UPDATE (target refresh, §12.2.1.2). */
    public void onTargetRefreshResponse(SipResponse response) {
        refreshTarget(response.contacts());
    }

    private void refreshTarget(List<NameAddr> contacts) {
        if (!contacts.isEmpty()) {
            remoteTarget = compact(contacts.get(0).uri());
        }
    }

    /** True when {@code request} carries this dialog's identifiers. */
    public boolean matches(SipRequest request) {
        return callId.equals(request.callId()) && localTag.equals(request.to().tag())
                && (remoteTag == null || remoteTag.equals(request.from().tag()));
    }

    @Override
    public String toString() {
        return "Dialog[" + callId + ";" + localTag + ";" + remoteTag + " " + state + "]";
    }

}
