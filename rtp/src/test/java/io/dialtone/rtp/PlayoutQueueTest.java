package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The application's playout queue: ordered playout, silence when dry, capacity, and barge-in flush. */
@DisplayName("PlayoutQueue")
class PlayoutQueueTest {

    static short[] ramp(int from, int n) {
        short[] x = new short[n];
        for (int i = 0; i < n; i++) {
            x[i] = (short) (from + i);
        }
        return x;
    }

    @Test
    void playsInOrderAcrossTheRingAndPadsWithSilence() {
        PlayoutQueue q = new PlayoutQueue(AudioFormat.PCM16_8KHZ, 1); // 8 samples
        assertThat(q.capacitySamples()).isEqualTo(8);
        assertThat(q.offer(ramp(1, 6))).isEqualTo(6);
        short[] frame = new short[4];
        q.read(frame, 4);
        assertThat(frame).containsExactly(1, 2, 3, 4);
        assertThat(q.offer(ramp(7, 10))).as("only what fits").isEqualTo(6);
        assertThat(q.queuedSamples()).isEqualTo(8);
        short[] big = new short[10];
        assertThat(q.read(big, 10)).isTrue();
        assertThat(big).containsExactly(5, 6, 7, 8, 9, 10, 11, 12, 0, 0);
        assertThat(q.playedSamples()).isEqualTo(12);
        assertThat(q.silentSamples()).isEqualTo(2);
        assertThat(q.read(frame, 4)).as("never ends").isTrue();
        assertThat(frame).containsOnly(0);
    }

    @Test
    void flushDiscardsEverythingQueued() {
        PlayoutQueue q = new PlayoutQueue(AudioFormat.PCM16_16KHZ, 1000);
        q.offer(ramp(1, 1000));
        assertThat(q.queuedMs()).isEqualTo(62);
        assertThat(q.flush()).isEqualTo(1000);
        assertThat(q.queuedSamples()).isZero();
        assertThat(q.flushedSamples()).isEqualTo(1000);
        short[] frame = new short[320];
        q.read(frame, 320);
        assertThat(frame).containsOnly(0);
        q.offer(ramp(100, 3));
        q.read(frame, 3);
        assertThat(frame[0]).as("usable after a flush").isEqualTo((short) 100);
    }

    @Test
    void bargeInSilencesTheStreamWithinOneFrameAndTheFilterTail() {
        PlayoutQueue agent = new PlayoutQueue(AudioFormat.PCM16_24KHZ, 10_000);
        short[] speech = new short[24000 * 5];
        new ToneSource(440, 24000, 0.5).read(speech, speech.length);
        agent.offer(speech);
        AudioSource stream = ResamplingSource.wrap(agent, 24000, 8000);
        short[] frame = new short[160];
        for (int f = 0; f < 10; f++) {
            stream.read(frame, 160);
        }
        assertThat(peak(frame, 0, 160)).isGreaterThan(15000);

        assertThat(agent.flush()).isEqualTo(speech.length - 10 * 480); // the user starts talking

        stream.read(frame, 160);
        assertThat(peak(frame, 0, 32)).as("first 4 ms: the filter's delayed tail").isGreaterThan(0);
        assertThat(peak(frame, 32, 64)).as("4-8 ms: 40 dB down or more").isLessThan(16384 / 100);
        assertThat(peak(frame, 64, 160)).as("after 8 ms: silence").isZero();
        stream.read(frame, 160);
        assertThat(peak(frame, 0, 160)).isZero();
    }

    @Test
    void offersFromAnotherThreadArriveWhole() throws Exception {
        PlayoutQueue q = new PlayoutQueue(AudioFormat.PCM16_48KHZ, 60_000);
        short[] chunk = ramp(1, 960);
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 500; i++) {
                q.offer(chunk);
            }
        });
        producer.start();
        short[] frame = new short[960];
        long sum = 0;
        for (int i = 0; i < 200; i++) {
            q.read(frame, 960);
            for (short s : frame) {
                sum += s;
            }
        }
        producer.join();
        assertThat(q.playedSamples() + q.queuedSamples()).isEqualTo(500L * 960);
        assertThat(sum % 1).isZero();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> new PlayoutQueue(AudioFormat.PCM16_8KHZ, 0)).isInstanceOf(IllegalArgumentException.class);
        PlayoutQueue q = new PlayoutQueue(AudioFormat.PCM16_8KHZ, 100);
        assertThatThrownBy(() -> q.offer(new short[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    static int peak(short[] x, int from, int to) {
        int p = 0;
        for (int i = from; i < to; i++) {
            p = Math.max(p, Math.abs(x[i]));
        }
        return p;
    }
}
