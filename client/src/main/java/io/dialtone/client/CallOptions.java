package io.dialtone.client;

import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.AudioSource;
import io.dialtone.rtp.SilenceSource;

import java.util.Objects;

/**
 * Options of one outgoing call.
 *
 * @param transport {@code "UDP"} (default) or {@code "TCP"}; a {@code ;transport=} URI parameter wins
 * @param source    audio to send (8 kHz PCM16 frames), default silence
 * @param sink      where received audio goes, default discarded
 */
public record CallOptions(String transport, AudioSource source, AudioSink sink) {
    public CallOptions {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sink, "sink");
    }

    /** UDP, silence out, received audio discarded. */
    public static CallOptions defaults() {
        return new CallOptions("UDP", SilenceSource.INSTANCE, (frame, samples) -> { });
    }

    public CallOptions withTransport(String t) {
        return new CallOptions(t, source, sink);
    }

    public CallOptions withAudio(AudioSource src, AudioSink snk) {
        return new CallOptions(transport, src, snk);
    }
}
