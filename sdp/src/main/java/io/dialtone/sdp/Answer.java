package io.dialtone.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link OfferAnswer#answer(SessionDescription, AnswerParams)}.
 *
 * @param sdp the answer: as many m= lines as the offer, in the same order (RFC 3264 §6); rejected
 *        streams have port 0
 * @param media the accepted audio stream, or empty when nothing was acceptable — then the caller
 *        answers an INVITE with 488 Not Acceptable Here (RFC 3261 §13.3.1.1) instead of sending {@code sdp}
 */
public record Answer(SessionDescription sdp, Optional<NegotiatedMedia> media) {
    public Answer {
        Objects.requireNonNull(sdp, "sdp");
        Objects.requireNonNull(media, "media");
    }

    /** @return true if a stream was accepted */
    public boolean isAcceptable() { return media.isPresent(); }
}
