package io.dialtone.client;

import io.dialtone.rtp.AudioFormat;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.AudioSource;
import io.dialtone.rtp.ResamplingSink;
import io.dialtone.rtp.ResamplingSource;
import io.dialtone.rtp.SilenceSource;

import java.util.Objects;

/**
 * Options of one outgoing call.
 *
 * @param transport {@code "UDP"} (default) or {@code "TCP"}; a {@code ;transport=} URI parameter wins
 * @param source    audio to send as the stream reads it (8 kHz PCM16 frames), default silence; see
 *                  {@link #withAudio(AudioSource, AudioSink, int)} for other rates
 * @param sink      where received audio goes as the stream writes it (8 kHz PCM16 frames), default discarded
 */
public record CallOptions(String transport, AudioSource source, AudioSink sink) {
    /** Every codec offered (PCMU, PCMA) is clocked at 8000 Hz; frames cross into the stream at that rate. */
    static final int CODEC_RATE_HZ = 8000;

    public CallOptions {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sink, "sink");
    }

    /** UDP, silence out, received audio discarded. */
    public static CallOptions defaults() {
        return new CallOptions("UDP", SilenceSource.INSTANCE, (frame, samples) -> { });
    }

    /** A copy using {@code t} ({@code "UDP"} or {@code "TCP"}) unless the URI names a transport. */
    public CallOptions withTransport(String t) {
        return new CallOptions(t, source, sink);
    }

    /**
     * Audio at 8000 Hz, the rate of the G.711 codecs: no resampling.
     *
     * @param src audio to send, read on a media event loop every 20 ms (must not block)
     * @param snk audio received, written on a media event loop (must not block); closed at the end
     */
    public CallOptions withAudio(AudioSource src, AudioSink snk) {
        return new CallOptions(transport, src, snk);
    }

    /**
     * Audio at the application's rate: {@code src} is read and {@code snk} written in frames of
     * {@code sampleRateHz} (20 ms is 320 samples at 16 kHz, 480 at 24 kHz, 960 at 48 kHz), and the
     * stack resamples to and from the codec's 8000 Hz with a band-limited filter (about 3.6 ms of
     * delay each way). With 8000 Hz this is {@link #withAudio(AudioSource, AudioSink)}.
     *
     * @param src          audio to send at {@code sampleRateHz}, e.g. a {@link io.dialtone.rtp.PlayoutQueue} for barge-in
     * @param snk          audio received, delivered at {@code sampleRateHz}; closed at the end
     * @param sampleRateHz 8000, 16000, 24000 or 48000 Hz
     * @throws IllegalArgumentException if the rate is not one of those
     */
    public CallOptions withAudio(AudioSource src, AudioSink snk, int sampleRateHz) {
        return withAudio(src, snk, AudioFormat.of(sampleRateHz));
    }

    /**
     * Audio in {@code format}; see {@link #withAudio(AudioSource, AudioSink, int)}.
     *
     * @param src    audio to send in {@code format}
     * @param snk    audio received, delivered in {@code format}; closed at the end
     * @param format the application's PCM format
     */
    public CallOptions withAudio(AudioSource src, AudioSink snk, AudioFormat format) {
        return new CallOptions(transport, streamSource(src, format), streamSink(snk, format));
    }

    static AudioSource streamSource(AudioSource src, AudioFormat format) {
        return ResamplingSource.wrap(Objects.requireNonNull(src, "source"), format.sampleRateHz(), CODEC_RATE_HZ);
    }

    static AudioSink streamSink(AudioSink snk, AudioFormat format) {
        return ResamplingSink.wrap(Objects.requireNonNull(snk, "sink"), CODEC_RATE_HZ, format.sampleRateHz());
    }
}
