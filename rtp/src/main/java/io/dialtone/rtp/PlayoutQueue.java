package io.dialtone.rtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * Audio an application queues for a call to play, at the application's rate: a text-to-speech or
 * speech-model output is {@link #offer offered} as fast as it is produced, the stream reads it one
 * frame per packet interval, and {@link #flush()} discards whatever is still queued — barge-in, the
 * "agent speaks, the user interrupts" case. When the queue is empty the stream sends silence.
 *
 * <p>Pass it as the call's source with its {@link #format() format}, e.g.
 * {@code CallOptions.defaults().withAudio(queue, sink, queue.format().sampleRateHz())}; the stack wraps it
 * in a {@link ResamplingSource}.
 *
 * <h2>Latency of a flush</h2>
 * After {@code flush()} returns, the next frame the stream reads holds no queued audio. What the
 * listener still hears is what had already left: at most one packet interval (20 ms) being sent,
 * the resampler's filter tail (fading out within about 4 ms, 40 dB down after that and exactly
 * silent after at most 8 ms), and
 * the far end's jitter buffer.
 *
 * <h2>Threading</h2>
 * {@link #offer}, {@link #flush()} and the accessors may be called from any thread; {@link #read}
 * runs on the stream's event loop. They synchronize on this object for a copy of at most one
 * offered chunk (not for I/O), so the event loop never waits longer than such a copy.
 *
 * <table>
 * <caption>Limits</caption>
 * <tr><th>name</th><th>default</th><th>unit</th><th>effect</th></tr>
 * <tr><td>capacityMs</td><td>none (constructor)</td><td>ms</td><td>audio the queue holds; {@code offer} accepts
 *     only what fits and returns how much that was</td></tr>
 * </table>
 */
public final class PlayoutQueue implements AudioSource {

    private final AudioFormat format;
    private final short[] ring;
    private int head;
    private int size;
    private long underrunSamples;
    private long flushedSamples;
    private long playedSamples;

    /**
     * @param format     rate of the samples offered and read
     * @param capacityMs how much audio the queue holds, in milliseconds (e.g. 60 000 for a minute), at least 1
     * @throws IllegalArgumentException if {@code capacityMs} is not positive or too large for memory (over 24 h)
     */
    public PlayoutQueue(AudioFormat format, int capacityMs) {
        this.format = Objects.requireNonNull(format, "format");
        if (capacityMs < 1 || capacityMs > 86_400_000) {
            throw new IllegalArgumentException("capacityMs must be in [1, 86400000]: " + capacityMs);
        }
        long samples = (long) format.sampleRateHz() * capacityMs / 1000;
        if (samples > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("capacity too large: " + capacityMs + " ms at " + format.sampleRateHz() + " Hz");
        }
        this.ring = new short[(int) Math.max(1, samples)];
    }

    /**
     * Queues samples for playout after those already queued. Any thread.
     *
     * @param pcm    signed 16-bit mono samples at {@link #format()}
     * @param offset index of the first sample
     * @param length number of samples
     * @return samples accepted: {@code length}, or fewer when the queue became full (the rest is not queued)
     * @throws IndexOutOfBoundsException if the range is outside {@code pcm}
     */
    public synchronized int offer(short[] pcm, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, pcm.length);
        int accepted = Math.min(length, ring.length - size);
        int tail = (head + size) % ring.length;
        int first = Math.min(accepted, ring.length - tail);
        System.arraycopy(pcm, offset, ring, tail, first);
        System.arraycopy(pcm, offset + first, ring, 0, accepted - first);
        size += accepted;
        return accepted;
    }

    /** Queues all of {@code pcm}, or as much as fits; see {@link #offer(short[], int, int)}. */
    public int offer(short[] pcm) {
        return offer(pcm, 0, pcm.length);
    }

    /**
     * Discards everything queued (barge-in). Any thread; takes effect at the stream's next frame.
     *
     * @return samples discarded
     */
    public synchronized int flush() {
        int discarded = size;
        flushedSamples += discarded;
        head = 0;
        size = 0;
        return discarded;
    }

    /** Reads queued samples, padding with silence when the queue runs dry; never ends. Event loop. */
    @Override
    public synchronized boolean read(short[] frame, int samples) {
        int n = Math.min(samples, size);
        int first = Math.min(n, ring.length - head);
        System.arraycopy(ring, head, frame, 0, first);
        System.arraycopy(ring, 0, frame, first, n - first);
        head = (head + n) % ring.length;
        size -= n;
        playedSamples += n;
        if (n < samples) {
            Arrays.fill(frame, n, samples, (short) 0);
            underrunSamples += samples - n;
        }
        return true;
    }

    /** @return the rate of the samples offered and read */
    public AudioFormat format() {
        return format;
    }

    /** @return samples waiting to be played */
    public synchronized int queuedSamples() {
        return size;
    }

    /** @return audio waiting to be played, in milliseconds (rounded down) */
    public synchronized int queuedMs() {
        return (int) ((long) size * 1000 / format.sampleRateHz());
    }

    /** @return capacity, in samples */
    public int capacitySamples() {
        return ring.length;
    }

    /** @return samples read so far that came from the queue */
    public synchronized long playedSamples() {
        return playedSamples;
    }

    /** @return samples read so far as silence because the queue was empty */
    public synchronized long silentSamples() {
        return underrunSamples;
    }

    /** @return samples discarded by {@link #flush()} so far */
    public synchronized long flushedSamples() {
        return flushedSamples;
    }
}
