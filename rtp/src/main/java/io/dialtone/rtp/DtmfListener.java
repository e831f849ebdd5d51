package io.dialtone.rtp;

/**
 * Receives DTMF digits carried as RFC 4733 telephone-events (§3.2, events 0–15) on an {@link RtpStream}.
 *
 * <p>Each event is reported once, when it ends: on its first end (E bit) packet, or, when all of those
 * were lost, when the next event starts or 500 ms after the last packet of the event. Retransmitted
 * end packets and late updates are not reported again (RFC 4733 §2.5.2).
 *
 * <p>Threading: called on the stream's media event loop; must not block (hand the digit to another
 * executor for anything slow).
 */
@FunctionalInterface
public interface DtmfListener {
    /**
     * @param digit      one of {@code 0-9 * # A-D}
     * @param durationMs the event's duration as the sender reported it, in milliseconds
     */
    void onDtmf(char digit, int durationMs);
}
