package io.dialtone.rtp;

import io.dialtone.codec.Resampler;
import java.util.Objects;

/**
 * An {@link AudioSource} at the stream's rate (8000 Hz for G.711) that reads an application's source
 * at its own rate and resamples it with a band-limited {@link Resampler} (about 3.6 ms of delay).
 *
 * <p>Each {@code read} of {@code n} samples reads exactly {@code n × sourceRateHz / streamRateHz}
 * samples from the wrapped source, which must be an integer (any whole number of milliseconds
 * between the supported rates is). End of stream passes through. The frame buffer is allocated in
 * the constructor for 20 ms and once more if a longer packet interval is used; steady-state reads
 * allocate nothing.
 *
 * <p>Confined to the stream's event loop like any source; the wrapped source is called there too.
 */
public final class ResamplingSource implements AudioSource {

    private final AudioSource source;
    private final int sourceRateHz;
    private final int streamRateHz;
    private final Resampler resampler;
    private short[] sourceFrame;

    /**
     * @param source       the application's source, producing frames at {@code sourceRateHz}
     * @param sourceRateHz the application's rate in Hz, e.g. 24000
     * @param streamRateHz the rate the stream reads at in Hz, the codec clock rate (8000 for G.711)
     * @throws IllegalArgumentException if a rate is not supported by {@link Resampler}
     */
    public ResamplingSource(AudioSource source, int sourceRateHz, int streamRateHz) {
        this.source = Objects.requireNonNull(source, "source");
        this.sourceRateHz = sourceRateHz;
        this.streamRateHz = streamRateHz;
        this.resampler = new Resampler(sourceRateHz, streamRateHz);
        this.sourceFrame = new short[Math.max(1, sourceRateHz / 50)];
    }

    /**
     * Adapts {@code source} to the stream's rate, or returns it unchanged when the rates are equal.
     *
     * @param source       the application's source
     * @param sourceRateHz its rate in Hz
     * @param streamRateHz the stream's rate in Hz (8000 for G.711)
     * @return a source producing frames at {@code streamRateHz}
     */
    public static AudioSource wrap(AudioSource source, int sourceRateHz, int streamRateHz) {
        Objects.requireNonNull(source, "source");
        return sourceRateHz == streamRateHz ? source : new ResamplingSource(source, sourceRateHz, streamRateHz);
    }

    /**
     * Reads the matching number of samples from the wrapped source and resamples them.
     *
     * @throws IllegalArgumentException if {@code samples} does not correspond to a whole number of
     *                                  samples at the source's rate
     */
    @Override
    public boolean read(short[] frame, int samples) {
        long scaled = (long) samples * sourceRateHz;
        if (scaled % streamRateHz != 0) {
            throw new IllegalArgumentException(samples + " samples at " + streamRateHz + " Hz is not a whole number of samples at "
                    + sourceRateHz + " Hz");
        }
        int needed = (int) (scaled / streamRateHz);
        if (needed > sourceFrame.length) {
            sourceFrame = new short[needed]; // a longer ptime than 20 ms: once
        }
        if (!source.read(sourceFrame, needed)) {
            return false;
        }
        resampler.process(sourceFrame, 0, needed, frame, 0);
        return true;
    }

    /** @return the wrapped application source */
    public AudioSource source() {
        return source;
    }

    /** @return the wrapped source's rate, in Hz */
    public int sourceRateHz() {
        return sourceRateHz;
    }

    /** @return the rate of the frames this source produces, in Hz */
    public int streamRateHz() {
        return streamRateHz;
    }

    /** @return the resampler's group delay, in seconds */
    public double delaySeconds() {
        return resampler.delaySeconds();
    }
}
