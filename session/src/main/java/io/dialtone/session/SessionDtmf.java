package io.dialtone.session;

import io.dialtone.message.SipRequest;
import io.dialtone.session.internal.SessionMedia;
import io.dialtone.transaction.ServerTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The DTMF of one session, both ways:
 * <ul>
 * <li>received: digits of RFC 4733 telephone-events (the media stream's listener hops onto the
 *     call executor first) and of SIP INFO requests ({@link InfoDtmf}), kept in order and passed to
 *     the application's handler ({@link DtmfDigits});</li>
 * <li>sent: RFC 4733 telephone-events through the media stream ({@link #sendEvents}, which needs
 *     no instance), or one INFO per digit ({@link InfoDtmf}).</li>
 * </ul>
 * The session creates it on first use (a digit received, a handler set, an INFO sent or received),
 * so a call without DTMF does not carry it.
 *
 * <p>Threading: confined to the call executor of its session.
 */
final class SessionDtmf {
    private static final Logger LOG = LoggerFactory.getLogger(SessionDtmf.class);

    private final InviteSession session;
    private final DtmfDigits received = new DtmfDigits();
    private InfoDtmf info; // created by the first INFO sent or received

    SessionDtmf(InviteSession session) {
        this.session = session;
    }

    /**
     * Sends {@code digits} as RFC 4733 telephone-events, one after another.
     *
     * @param durationMs duration of each digit, ms
     * @return completes after the last digit's end packets were sent
     * @throws IllegalArgumentException unless {@code digits} is non-empty and all {@code 0-9 * # A-D}
     */
    static CompletableFuture<Void> sendEvents(SessionMedia media, String digits, int durationMs) {
        DtmfDigits.check(digits);
        CompletableFuture<?>[] sent = new CompletableFuture<?>[digits.length()];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = media.sendDtmf(digits.charAt(i), durationMs);
        }
        return CompletableFuture.allOf(sent);
    }

    /**
     * Sends {@code digits} in INFO requests, one per digit, each after the previous one's 2xx.
     *
     * @param durationMs the Duration line of each body, ms
     * @return completes after the last digit's 2xx
     * @throws IllegalArgumentException unless {@code digits} is non-empty and all {@code 0-9 * # A-D}
     */
    CompletableFuture<Void> sendInfo(String digits, int durationMs) {
        DtmfDigits.check(digits);
        return info().send(digits, durationMs);
    }

    /** An INFO in the session's dialog. */
    void onInfo(ServerTransaction tx, SipRequest req) {
        info().onInfo(tx, req);
    }

    /** The digits received so far, in order. */
    String received() {
        return received.received();
    }

    /** Sets the handler (or none) and passes it the digits received so far, in order. */
    void handler(Consumer<Character> handler) {
        received.handler(handler);
    }

    /** A digit received, by RFC 4733 or SIP INFO. */
    void onDigit(char digit) {
        LOG.debug("{}: DTMF {}", session.callId(), digit);
        received.onDigit(digit);
    }

    private InfoDtmf info() {
        if (info == null) {
            info = new InfoDtmf(session);
        }
        return info;
    }
}
