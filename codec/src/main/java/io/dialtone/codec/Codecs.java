package io.dialtone.codec;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Registry of the codecs this module implements. Stateless, thread-safe. */
public final class Codecs {

    private static final List<AudioCodec> ALL = List.of(PcmuCodec.INSTANCE, PcmaCodec.INSTANCE);

    private Codecs() {
    }

    /**
     * Finds a codec by its SDP encoding name (RFC 4566 §6 {@code a=rtpmap}), ignoring case.
     *
     * @param encodingName e.g. {@code "PCMU"} or {@code "pcma"}
     * @return the codec, or empty if this module does not implement it
     * @throws NullPointerException if {@code encodingName} is null
     */
    public static Optional<AudioCodec> byName(String encodingName) {
        Objects.requireNonNull(encodingName, "encodingName");
        String upper = encodingName.toUpperCase(Locale.ROOT);
        for (AudioCodec codec : ALL) {
            if (codec.encodingName().equals(upper)) {
                return Optional.of(codec);
            }
        }
        return Optional.empty();
    }

    /**
     * All implemented codecs, in default preference order (PCMU first, as RFC 3551 mandates).
     *
     * @return an immutable list
     */
    public static List<AudioCodec> all() {
        return ALL;
    }
}
