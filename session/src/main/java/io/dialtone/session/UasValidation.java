package io.dialtone.session;

import io.dialtone.message.HeaderNames;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transaction.TransactionState;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The UAS core's checks of a request before any session sees it (RFC 3261 §8.2.1–§8.2.3), in
 * the RFC's order: Max-Forwards (483, §16.3 step 3 applied by the UAS core; OPTIONS exempt, §11),
 * method (405 for a method we know but do not implement, 501 for one we do not know, both with
 * Allow), merged request (482, §8.2.2.2; CANCEL exempt), Require (420 with Unsupported, §8.2.2.3; never for
 * CANCEL) and body (415 with Accept and Accept-Encoding, §8.2.3, for INVITE and UPDATE).
 *
 * <p>A Request-URI with a scheme other than sip/sips (§8.2.2.1) gets 416: either the parser
 * rejects the start line and the transport answers, or, when the Request-URI is parsed on first
 * use, {@link #check} touches it and the {@link io.dialtone.message.SipParseException} (status 416)
 * is answered by {@link SessionLayer}.
 *
 * <p>For §8.2.2.2 it remembers, for every ongoing server transaction of a request without a To
 * tag, the From tag, Call-ID and CSeq; the entry leaves when the transaction terminates.
 *
 * <p>Threading: confined to the call executor of its {@link SessionLayer}; a plain map.
 */
final class UasValidation {
    /** Methods we implement (§20.5 Allow). */
    static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO, PRACK, REFER, NOTIFY, SUBSCRIBE, MESSAGE";
    private static final Set<String> IMPLEMENTED = Set.of(SipMethod.INVITE, SipMethod.ACK, SipMethod.BYE,
            SipMethod.CANCEL, SipMethod.OPTIONS, SipMethod.UPDATE, SipMethod.INFO, SipMethod.PRACK,
            SipMethod.REFER, SipMethod.NOTIFY, SipMethod.SUBSCRIBE, SipMethod.MESSAGE); // RFC 3262, 3515, 6665, 3428
    /** Methods of RFC 3261 and its extensions that we recognise but do not implement: 405 (§8.2.1). */
    private static final Set<String> RECOGNISED = Set.of("REGISTER", "PUBLISH");
    private static final Set<String> SUPPORTED_OPTIONS = Set.of("timer", "replaces");
    /** With reliable provisionals enabled (RFC 3262) we also support {@code 100rel}. */
    private static final Set<String> SUPPORTED_WITH_100REL = Set.of("timer", "replaces", "100rel");
    /** Option tags we always support (§20.37 Supported): RFC 4028 timers, RFC 3891 Replaces. */
    static final String SUPPORTED = "timer, replaces";
    static final String ACCEPT = "application/sdp";

    /** The identity of a request in §8.2.2.2: From tag, Call-ID, CSeq number and method. */
    private record MergeKey(String fromTag, String callId, long cseq, String method) {
        static MergeKey of(SipRequest r) {
            return new MergeKey(r.fromTag(), r.callId(), r.cseqNumber(), r.cseqMethod());
        }
    }

    private final Map<MergeKey, ServerTransaction> ongoing = new HashMap<>();
    private final Map<ServerTransaction, MergeKey> keys = new HashMap<>();
    private final Set<String> supportedOptions;
    private final Predicate<SipRequest> mergedWithAnswered;

    /**
     * @param rel100             whether {@code Require: 100rel} is acceptable (RFC 3262 §3)
     * @param mergedWithAnswered whether a request has the identity of one whose transaction the
     *                           transaction layer keeps as a record (answered, waiting out Timer J or
     *                           L: {@code TransactionLayer.isMergedWithAnswered})
     */
    UasValidation(Rel100 rel100, Predicate<SipRequest> mergedWithAnswered) {
        this.supportedOptions = rel100.enabled() ? SUPPORTED_WITH_100REL : SUPPORTED_OPTIONS;
        this.mergedWithAnswered = mergedWithAnswered;
    }

    /** What the UAS core answers instead of processing the request; {@code status} 0 means go on. */
    record Verdict(int status, String header, String value) {
        static final Verdict ACCEPTED = new Verdict(0, null, null);

        boolean accepted() {
            return status == 0;
        }
    }

    /**
     * Checks {@code req}, which created {@code tx}, and remembers it for §8.2.2.2 when it has no
     * To tag.
     */
    Verdict check(ServerTransaction tx, SipRequest req) {
        String method = req.method();
        if (req.maxForwards() == 0 && !method.equals(SipMethod.OPTIONS)) {
            return new Verdict(483, null, null);
        }
        if (!IMPLEMENTED.contains(method)) {                                                  // §8.2.1
            return new Verdict(RECOGNISED.contains(method) ? 405 : 501, HeaderNames.ALLOW, ALLOW);
        }
        req.requestUri(); // §8.2.2.1: a scheme other than sip/sips throws SipParseException 416, answered by SessionLayer
        // §8.2.2.2; not for CANCEL, which §9.2 matches to its INVITE by branch and which creates no state
        if (req.toTag() == null && req.fromTag() != null && !method.equals(SipMethod.CANCEL)) {
            MergeKey key = MergeKey.of(req);
            ServerTransaction other = ongoing.get(key);
            if (other != null && other != tx && other.state() != TransactionState.TERMINATED
                    || other == null && mergedWithAnswered.test(req)) {
                return new Verdict(482, null, null);
            }
            ongoing.put(key, tx);
            keys.put(tx, key);
        }
        if (!method.equals(SipMethod.CANCEL)) {                                               // §8.2.2.3
            String unsupported = unsupported(req);
            if (unsupported != null) {
                return new Verdict(420, HeaderNames.UNSUPPORTED, unsupported);
            }
        }
        if (req.hasBody() && (method.equals(SipMethod.INVITE) || method.equals(SipMethod.UPDATE))) { // §8.2.3
            if (!req.contentType().orElse("").equals(ACCEPT)) {
                return new Verdict(415, HeaderNames.ACCEPT, ACCEPT);
            }
            String encoding = req.header("Content-Encoding").orElse("identity").strip().toLowerCase(Locale.ROOT);
            if (!encoding.equals("identity")) {
                return new Verdict(415, "Accept-Encoding", "identity");
            }
        }
        return Verdict.ACCEPTED;
    }

    /** The option tags of Require we do not support, comma-separated, or null (most requests have no Require). */
    private String unsupported(SipRequest req) {
        if (req.header(HeaderNames.REQUIRE).isEmpty()) {
            return null;
        }
        List<String> unsupported = req.headerList(HeaderNames.REQUIRE).stream()
                .filter(o -> !supportedOptions.contains(o.toLowerCase(Locale.ROOT))).toList();
        return unsupported.isEmpty() ? null : String.join(", ", unsupported);
    }

    /** {@code tx} terminated: it no longer merges (§8.2.2.2 speaks of ongoing transactions). */
    void onTerminated(ServerTransaction tx) {
        MergeKey key = keys.remove(tx);
        if (key != null) {
            ongoing.remove(key, tx);
        }
    }

    /** Transactions remembered for §8.2.2.2 (for tests: 0 once all ended). */
    int remembered() {
        return keys.size();
    }
}
