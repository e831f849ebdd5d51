package io.dialtone.session;

import io.dialtone.message.HeaderNames;
import io.dialtone.message.SessionExpires;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;

import java.util.Optional;

/**
 * RFC 4028 negotiation rules as pure functions: what a UAS answers to a session-refresh or initial
 * INVITE/UPDATE (§9), and what a UAC concludes from the 2xx (§7.2).
 */
public final class SessionTimerNegotiation {
    private SessionTimerNegotiation() {}

    /**
     * The outcome for the UAS side of a request.
     *
     * @param rejectMinSe     when positive, answer 422 with this Min-SE (§9)
     * @param intervalSec     negotiated session interval, 0 when no session timer runs
     * @param refresher       {@code "uac"} or {@code "uas"} (relative to this transaction)
     * @param requireTimer    whether the 2xx carries {@code Require: timer} (the UAC supports it)
     */
    public record UasDecision(long rejectMinSe, long intervalSec, String refresher, boolean requireTimer) {
        public boolean rejected() {
            return rejectMinSe > 0;
        }

        /**
         * Adds Session-Expires (and Require: timer when the UAC supports it) to a 2xx (§9).
         *
         * @return true when a session timer was negotiated
         */
        public boolean applyTo(io.dialtone.message.SipResponse.Builder ok) {
            if (intervalSec <= 0) {
                return false;
            }
            ok.sessionExpires(SessionExpires.of(intervalSec, refresher));
            if (requireTimer) {
                ok.set(HeaderNames.REQUIRE, "timer");
            }
            return true;
        }

        /** True when the UAS (we) refreshes. */
        public boolean uasRefreshes() {
            return "uas".equals(refresher);
        }
    }

    /**
     * Decides a UAS's answer (RFC 4028 §9).
     *
     * @param request          the INVITE or UPDATE received
     * @param preferredSec     our own wish (0 = none)
     * @param minSeSec         the smallest interval we accept
     */
    public static UasDecision uas(SipRequest request, long preferredSec, long minSeSec) {
        boolean uacSupports = request.lists(HeaderNames.SUPPORTED, "timer") || request.lists(HeaderNames.REQUIRE, "timer");
        Optional<SessionExpires> se = request.sessionExpires();
        long requestMinSe = request.minSE().orElse(SessionConfig.ABSOLUTE_MIN_SE);
        if (se.isPresent()) {
            long interval = se.get().deltaSeconds();
            if (interval < minSeSec) {
                if (uacSupports) {
                    return new UasDecision(Math.max(minSeSec, requestMinSe), 0, null, false);
                }
                interval = minSeSec; // a UAC without 'timer' cannot act on a 422: raise it (as §8.1 has proxies do)
            }
            if (preferredSec > 0 && preferredSec < interval) {
                interval = Math.max(preferredSec, Math.max(requestMinSe, minSeSec)); // §9: may shorten, never below Min-SE
            }
            String refresher = se.get().refresher();
            if (refresher == null) {
                refresher = uacSupports ? "uac" : "uas";
            }
            if (!uacSupports) {
                refresher = "uas";
            }
            return new UasDecision(0, interval, refresher, uacSupports);
        }
        if (preferredSec > 0) {
            long interval = Math.max(preferredSec, requestMinSe);
            return new UasDecision(0, interval, uacSupports ? "uac" : "uas", uacSupports);
        }
        return new UasDecision(0, 0, null, false);
    }

    /**
     * What the UAC concludes from a 2xx (RFC 4028 §7.2).
     *
     * @param requestedSec interval we asked for, 0 if we did not (kept for logging and future policy)
     * @return interval and whether we (the UAC) refresh; interval 0 when no timer runs
     */
    public static Uac uac(SipResponse response, long requestedSec) {
        Optional<SessionExpires> se = response.sessionExpires();
        if (se.isPresent()) {
            String r = se.get().refresher();
            return new Uac(se.get().deltaSeconds(), r == null || "uac".equals(r));
        }
        return new Uac(0, false); // §7.2: no Session-Expires in the 2xx means no session expiration
    }

    /**
     * @param intervalSec session interval, 0 = none
     * @param uacRefreshes whether the UAC of the transaction refreshes
     */
    public record Uac(long intervalSec, boolean uacRefreshes) {}

    /** When the non-refresher sends BYE: interval minus min(32 s, interval/3) (RFC 4028 §10). */
    public static long expiryMillis(long intervalSec) {
        long margin = Math.min(32, intervalSec / 3);
        return (intervalSec - margin) * 1000;
    }
}
