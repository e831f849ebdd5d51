package io.dialtone.sdp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link OfferAnswer#answer(SessionDescription, AnswerParams)}: the answer SDP and
 * the stream it accepted.
 *
 * <p>{@link OfferAnswer#answer} writes the answer straight to its wire bytes, the form a SIP body
 * needs; the {@link SessionDescription} value is parsed from them on the first call to
 * {@link #sdp()}; an answer built from a value ({@link #Answer(SessionDescription, Optional)})
 * serializes it at once. Immutable and safe to share across threads (under a race the value may be
 * parsed more than once, always to an equal, immutable value).
 */
public final class Answer {
    /** Parsed from {@link #bytes} on first use; racy but safe, as a record has only final fields. */
    private SessionDescription sdp;
    private final byte[] bytes;
    private final Optional<NegotiatedMedia> media;

    /**
     * @param sdp the answer: as many m= lines as the offer, in the same order (RFC 3264 §6); rejected
     *        streams have port 0
     * @param media the accepted audio stream, or empty when nothing was acceptable — then the caller
     *        answers an INVITE with 488 Not Acceptable Here (RFC 3261 §13.3.1.1) instead of sending {@code sdp}
     */
    public Answer(SessionDescription sdp, Optional<NegotiatedMedia> media) {
        this.sdp = Objects.requireNonNull(sdp, "sdp");
        this.bytes = sdp.toBytes();
        this.media = Objects.requireNonNull(media, "media");
    }

    /** @param bytes the serialized answer, owned by this object from now on */
    Answer(byte[] bytes, Optional<NegotiatedMedia> media) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.media = Objects.requireNonNull(media, "media");
    }

    /** @return the answer: as many m= lines as the offer, in the same order (RFC 3264 §6); rejected streams have port 0 */
    public SessionDescription sdp() {
        SessionDescription s = sdp;
        if (s == null) {
            s = SessionDescription.parse(bytes); // our own writing: parses
            sdp = s;
        }
        return s;
    }

    /** @return the accepted audio stream, or empty when nothing was acceptable (answer 488, RFC 3261 §13.3.1.1) */
    public Optional<NegotiatedMedia> media() { return media; }

    /** @return true if a stream was accepted */
    public boolean isAcceptable() { return media.isPresent(); }

    /**
     * @return the answer as a SIP body: {@link SessionDescription#toBytes()} of {@link #sdp()}, a new
     *         array the caller may keep or change
     */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** @return true if {@code o} is an answer with an equal SDP and stream */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Answer a)) return false;
        if (!media.equals(a.media)) return false;
        return Arrays.equals(bytes, a.bytes);                   // the serialization of equal values is equal
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(bytes) + media.hashCode(); }

    @Override
    public String toString() {
        return "Answer[sdp=" + new String(bytes, StandardCharsets.UTF_8) + ", media=" + media + "]";
    }
}
