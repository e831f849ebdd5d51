package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The jitter buffer on virtual time: a recorded jitter/loss trace replayed, and sender clock drift
 * sustained for 10 minutes. The media clock polls every 20 ms; packets arriving before a poll are
 * put before it.
 */
class JitterBufferTraceTest {

    private static final int PTIME_MS = 20;

    /** One arrival: sequence number, RTP timestamp, arrival time in ms. */
    record Arrival(int seq, long timestamp, double arrivalMs) {
    }

    /** Per-poll observations of a replay. */
    static final class Replay {
        final JitterBuffer jb;
        final List<Integer> delayMs = new ArrayList<>();
        final List<Integer> size = new ArrayList<>();
        final List<Integer> playedSeqs = new ArrayList<>();
        final List<Boolean> insertedAfterQuiet = new ArrayList<>();
        int received;

        Replay(JitterBuffer jb) {
            this.jb = jb;
        }

        /** Plays {@code arrivals} (sorted by arrival time here) with polls at 20 ms + phaseMs. */
        Replay run(List<Arrival> arrivals, int polls, double phaseMs) {
            List<Arrival> sorted = new ArrayList<>(arrivals);
            sorted.sort(Comparator.comparingDouble(Arrival::arrivalMs));
            byte[] payload = new byte[160];
            byte[] out = new byte[160];
            int next = 0;
            boolean lastPlayedQuiet = false;
            for (int n = 0; n < polls; n++) {
                double now = n * PTIME_MS + phaseMs;
                while (next < sorted.size() && sorted.get(next).arrivalMs() <= now) {
                    Arrival a = sorted.get(next++);
                    payload[0] = (byte) (quiet(a.seq()) ? 1 : 0);
                    payload[1] = (byte) a.seq();
                    payload[2] = (byte) (a.seq() >> 8);
                    jb.put(a.seq() & 0xFFFF, a.timestamp() & 0xFFFFFFFFL, false, payload, 0, payload.length);
                    received++;
                }
                long insertedBefore = jb.inserted();
                if (jb.poll(out) == JitterBuffer.Playout.PLAY) {
                    playedSeqs.add((out[1] & 0xFF) | (out[2] & 0xFF) << 8);
                    lastPlayedQuiet = out[0] == 1;
                } else if (jb.inserted() > insertedBefore) {
                    insertedAfterQuiet.add(lastPlayedQuiet);
                }
                delayMs.add(jb.delayMs());
                size.add(jb.size());
            }
            return this;
        }

        int maxDelayMs(int fromPoll, int toPoll) {
            return delayMs.subList(fromPoll, toPoll).stream().mapToInt(Integer::intValue).max().orElseThrow();
        }

        int minDelayMs(int fromPoll, int toPoll) {
            return delayMs.subList(fromPoll, toPoll).stream().mapToInt(Integer::intValue).min().orElseThrow();
        }

        /** Sequence numbers skipped between consecutive played frames that were not counted lost. */
        List<Integer> droppedSeqs() {
            List<Integer> skipped = new ArrayList<>();
            for (int i = 1; i < playedSeqs.size(); i++) {
                for (int s = playedSeqs.get(i - 1) + 1; s < playedSeqs.get(i); s++) {
                    skipped.add(s);
                }
            }
            return skipped;
        }
    }

    /** Speech-like activity: in every second (50 frames) the last 10 frames are a pause. */
    static boolean quiet(int seq) {
        return seq % 50 >= 40;
    }

    private static JitterBuffer buffer() {
        JitterBuffer jb = new JitterBuffer(PTIME_MS, 160, 3, 25); // the stream's defaults: 60..500 ms
        jb.quietTest((p, off, len) -> p[off] == 1);
        return jb;
    }

    static List<Arrival> loadTrace(String resource) throws IOException {
        List<Arrival> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(JitterBufferTraceTest.class.getResourceAsStream(resource), resource),
                StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                if (!f[1].equals("-")) {
                    int seq = Integer.parseInt(f[0]);
                    out.add(new Arrival(seq, 160L * seq, Double.parseDouble(f[1])));
                }
            }
        }
        return out;
    }

    @Test
    void replaysBurstyTraceWithA200MsSpike() throws IOException {
        List<Arrival> trace = loadTrace("/jitter/bursty-spike-200ms.trace");
        Replay r = new Replay(buffer()).run(trace, 3050, 10);
        JitterBufferStats st = r.jb.stats();

        // Every packet is accounted for.
        assertThat(r.received).isEqualTo(3000 - 65);
        assertThat(st.played() + st.late() + st.duplicate() + st.overflow() + st.dropped() + st.buffered())
                .isEqualTo(r.received);
        // Nearly everything received is played; little is concealed beyond the trace's own loss.
        assertThat(st.played()).isGreaterThanOrEqualTo((long) (0.99 * r.received));
        assertThat(st.late()).isLessThanOrEqualTo(10);
        assertThat(st.overflow()).isZero();
        assertThat(st.concealed()).isLessThan(65 + 30);
        // Calm start at the minimum; the bursty episode at 5 s raises the delay, below the spike's.
        assertThat(r.delayMs.get(240)).isEqualTo(60);
        assertThat(r.maxDelayMs(250, 500)).isBetween(80, 180);
        // The spike at 10 s (poll 500) grows the delay past 200 ms at once ...
        assertThat(r.maxDelayMs(500, 530)).isGreaterThanOrEqualTo(200);
        // ... it is remembered for 10 s, then the delay comes back down, one frame at a time ...
        assertThat(r.minDelayMs(530, 1000)).isGreaterThanOrEqualTo(200);
        assertThat(r.delayMs.get(1240)).isLessThan(200);
        for (int i = 1; i < r.delayMs.size(); i++) {
            assertThat(r.delayMs.get(i - 1) - r.delayMs.get(i)).as("shrink step at poll %d", i).isLessThanOrEqualTo(20);
        }
        // ... and after the last episode (25-27 s) is forgotten, it is back near the minimum.
        assertThat(r.delayMs.get(3049)).isLessThanOrEqualTo(80);
        assertThat(st.dropped()).isGreaterThanOrEqualTo(7);
    }

    /**
     * A sender whose sampling clock is off by ±1 % for 10 minutes (30000 frames), with 0..10 ms of
     * network jitter: the buffer must neither grow nor starve, and it adjusts in the pauses.
     */
    @ParameterizedTest(name = "drift {0} %")
    @ValueSource(doubles = {+1.0, -1.0})
    void senderClockDriftNeitherGrowsNorStarvesTheBuffer(double driftPercent) {
        int frames = 30_000;
        double framePeriodMs = PTIME_MS / (1 + driftPercent / 100); // a fast clock sends more often
        SplittableRandom rnd = new SplittableRandom(7);
        List<Arrival> arrivals = new ArrayList<>();
        for (int k = 0; k < frames; k++) {
            arrivals.add(new Arrival(k & 0xFFFF, 160L * k, 30 + k * framePeriodMs + rnd.nextDouble(10)));
        }
        int polls = (int) (frames * framePeriodMs / PTIME_MS) - 10;
        Replay r = new Replay(buffer()).run(arrivals, polls, 5);
        JitterBufferStats st = r.jb.stats();

        int steady = 500; // after the first 10 s
        assertThat(r.maxDelayMs(steady, polls)).isLessThanOrEqualTo(120);
        assertThat(r.minDelayMs(steady, polls)).isGreaterThanOrEqualTo(40);
        assertThat(r.size.subList(steady, polls).stream().mapToInt(Integer::intValue).max().orElseThrow())
                .isLessThanOrEqualTo(6);
        assertThat(st.underruns()).isZero();
        assertThat(st.late()).isZero();
        assertThat(st.overflow()).isZero();
        long expectedAdjustments = Math.round(frames * Math.abs(driftPercent) / 100 / (1 + driftPercent / 100));
        if (driftPercent > 0) {
            assertThat(st.dropped()).isBetween(expectedAdjustments - 10, expectedAdjustments + 10);
            assertThat(st.inserted()).isLessThan(10);
            List<Integer> droppedSeqs = r.droppedSeqs();
            assertThat(droppedSeqs).hasSize((int) st.dropped());
            assertThat(droppedSeqs.stream().filter(JitterBufferTraceTest::quiet).count())
                    .as("drops in pauses").isGreaterThanOrEqualTo((long) (0.9 * droppedSeqs.size()));
        } else {
            assertThat(st.inserted()).isBetween(expectedAdjustments - 10, expectedAdjustments + 10);
            assertThat(st.dropped()).isLessThan(10);
            assertThat(r.insertedAfterQuiet.stream().filter(q -> q).count())
                    .as("inserts in pauses").isGreaterThanOrEqualTo((long) (0.9 * r.insertedAfterQuiet.size()));
        }
        assertThat(st.played()).isGreaterThanOrEqualTo(frames - expectedAdjustments - 20);
    }
}
