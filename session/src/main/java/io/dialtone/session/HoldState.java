package io.dialtone.session;

import io.dialtone.sdp.MediaDirection;
import io.dialtone.sdp.NegotiatedMedia;

/**
 * Which direction a hold or resume offers (RFC 3264 §8.4). Holding offers {@code sendonly}, or
 * {@code inactive} when the peer already holds us (our negotiated stream does not send: the peer
 * does not want our media); resuming offers {@code sendrecv}. Answers need no rule here:
 * {@link io.dialtone.sdp.OfferAnswer#answer} answers sendonly with recvonly and inactive with
 * inactive, bounded by what we offered last (so a held call stays held when the peer re-offers).
 */
final class HoldState {
    private HoldState() {}

    /**
     * The direction to offer for a hold.
     *
     * @param current the stream as last negotiated, or {@code null} before any
     */
    static MediaDirection holdOffer(NegotiatedMedia current) {
        return current != null && !current.sends() ? MediaDirection.INACTIVE : MediaDirection.SENDONLY;
    }

    /** The direction to offer when resuming. */
    static MediaDirection resumeOffer() {
        return MediaDirection.SENDRECV;
    }
}
