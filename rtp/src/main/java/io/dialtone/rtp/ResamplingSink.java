package io.dialtone.rtp;

import io.dialtone.codec.Resampler;
import java.util.Objects;

/**
 * An {@link AudioSink} at the stream's rate (8000 Hz for G.711) that resamples each frame with a
 * band-limited {@link Resampler} (about 3.6 ms of delay) and hands it to an application's sink at
 * the application's rate: a 20 ms frame of 160 samples becomes 320 samples at 16 kHz, 480 at 24 kHz,
 * 960 at 48 kHz.
 *
 * <p>Frames of {@code n} samples must correspond to a whole number {@code n × sinkRateHz /
 * streamRateHz} of samples at the sink's rate (any whole number of milliseconds between the
 * supported rates does). The frame passed on is reused after the wrapped sink's {@code write}
 * returns. Steady-state writes allocate nothing. {@link #close()} closes the wrapped sink.
 *
 * <p>Confined to the stream's event loop like any sink; the wrapped sink is called there too.
 */
public final class ResamplingSink implements AudioSink {

    private final AudioSink sink;
    private final int sinkRateHz;
    private final int streamRateHz;
    private final Resampler resampler;
    private short[] sinkFrame;

    /**
     * @param sink         the application's sink, receiving frames at {@code sinkRateHz}
     * @param streamRateHz the rate the stream writes at in Hz, the codec clock rate (8000 for G.711)
     * @param sinkRateHz   the application's rate in Hz, e.g. 16000
     * @throws IllegalArgumentException if a rate is not supported by {@link Resampler}
     */
    public ResamplingSink(AudioSink sink, int streamRateHz, int sinkRateHz) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.sinkRateHz = sinkRateHz;
        this.streamRateHz = streamRateHz;
        this.resampler = new Resampler(streamRateHz, sinkRateHz);
        this.sinkFrame = new short[Math.max(1, sinkRateHz / 50)];
    }

    /**
     * Adapts {@code sink} to the stream's rate, or returns it unchanged when the rates are equal.
     *
     * @param sink         the application's sink
     * @param streamRateHz the stream's rate in Hz (8000 for G.711)
     * @param sinkRateHz   the sink's rate in Hz
     * @return a sink accepting frames at {@code streamRateHz}
     */
    public static AudioSink wrap(AudioSink sink, int streamRateHz, int sinkRateHz) {
        Objects.requireNonNull(sink, "sink");
        return sinkRateHz == streamRateHz ? sink : new ResamplingSink(sink, streamRateHz, sinkRateHz);
    }

    /**
     * Resamples one frame and writes it to the wrapped sink.
     *
     * @throws IllegalArgumentException if {@code samples} does not correspond to a whole number of
     *                                  samples at the sink's rate
     */
    @Override
    public void write(short[] frame, int samples) {
        long scaled = (long) samples * sinkRateHz;
        if (scaled % streamRateHz != 0) {
            throw new IllegalArgumentException(samples + " samples at " + streamRateHz + " Hz is not a whole number of samples at "
                    + sinkRateHz + " Hz");
        }
        int produced = (int) (scaled / streamRateHz);
        if (produced > sinkFrame.length) {
            sinkFrame = new short[produced]; // a longer ptime than 20 ms: once
        }
        resampler.process(frame, 0, samples, sinkFrame, 0);
        sink.write(sinkFrame, produced);
    }

    /** Closes the wrapped sink. */
    @Override
    public void close() {
        sink.close();
    }

    /** @return the wrapped application sink */
    public AudioSink sink() {
        return sink;
    }

    /** @return the wrapped sink's rate, in Hz */
    public int sinkRateHz() {
        return sinkRateHz;
    }

    /** @return the rate of the frames this sink accepts, in Hz */
    public int streamRateHz() {
        return streamRateHz;
    }

    /** @return the resampler's group delay, in seconds */
    public double delaySeconds() {
        return resampler.delaySeconds();
    }
}
