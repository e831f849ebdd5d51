package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scripted arrival scenarios, as pjmedia's jitter buffer tests are. The sender emits one 20 ms frame
 * (160 timestamp units) per sequence number. Tokens:
 * <ul>
 * <li>{@code P} put the next sequence number; {@code L} lose it (never put); {@code D} put the last
 *     packet again (duplicate); {@code H} hold the next one back; {@code R} release the held ones
 *     (reordered or late);</li>
 * <li>{@code J} the sender renumbers: sequence number +10000, timestamp jumps; {@code T} the timestamp
 *     jumps by 1000000 with no gap in sequence numbers; {@code S} a DTX silence of 1 s: the timestamp
 *     skips 50 frames and the next packet carries the marker bit; {@code @n} the next sequence number is n;</li>
 * <li>{@code G} one poll (one 20 ms tick). Its outcome is written {@code p} (play), {@code c} (conceal)
 *     or {@code s} (silence).</li>
 * </ul>
 * The delay is 2..10 frames (40..200 ms).
 */
class JitterBufferTest {

    static final class Script {
        final JitterBuffer jb;
        final StringBuilder outcomes = new StringBuilder();
        final StringBuilder playedSeqs = new StringBuilder();
        final Deque<int[]> held = new ArrayDeque<>();
        final byte[] out = new byte[160];
        int seq = 1;
        long ts = 160;
        boolean marker = true;
        int lastSeq = -1;
        long lastTs;
        boolean lastMarker;

        Script(JitterBuffer jb) {
            this.jb = jb;
        }

        void put(int s, long t, boolean m) {
            byte[] payload = new byte[160];
            payload[0] = (byte) s;
            payload[1] = (byte) (s >> 8);
            jb.put(s & 0xFFFF, t & 0xFFFFFFFFL, m, payload, 0, payload.length);
            lastSeq = s;
            lastTs = t;
            lastMarker = m;
        }

        void next(boolean send) {
            if (send) {
                put(seq, ts, marker);
            }
            marker = false;
            seq = (seq + 1) & 0xFFFF;
            ts += 160;
        }

        Script run(String script) {
            for (String token : script.trim().split("\\s+")) {
                switch (token.charAt(0)) {
                    case 'P' -> next(true);
                    case 'L' -> next(false);
                    case 'D' -> put(lastSeq, lastTs, lastMarker);
                    case 'H' -> {
                        held.add(new int[] {seq, (int) ts});
                        next(false);
                    }
                    case 'R' -> {
                        while (!held.isEmpty()) {
                            int[] h = held.poll();
                            put(h[0], h[1] & 0xFFFFFFFFL, false);
                        }
                    }
                    case 'J' -> {
                        seq = (seq + 10000) & 0xFFFF;
                        ts += 123_456_789L;
                    }
                    case 'T' -> ts += 1_000_000L;
                    case 'S' -> {
                        ts += 50 * 160;
                        marker = true;
                    }
                    case '@' -> seq = Integer.parseInt(token.substring(1));
                    case 'G' -> {
                        JitterBuffer.Playout p = jb.poll(out);
                        outcomes.append(switch (p) {
                            case PLAY -> 'p';
                            case CONCEAL -> 'c';
                            case SILENCE -> 's';
                        });
                        if (p == JitterBuffer.Playout.PLAY) {
                            playedSeqs.append((out[0] & 0xFF) | (out[1] & 0xFF) << 8).append(' ');
                        }
                    }
                    default -> throw new IllegalArgumentException(token);
                }
            }
            return this;
        }
    }

    private static JitterBuffer buffer() {
        return new JitterBuffer(20, 160, 2, 10);
    }

    private static String steady(int n) {
        return "P G ".repeat(n);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // name         | script                                      | outcomes         | played | concealed | lost | late | dup | overflow
        "in order       | P G P G P G P G P G                         | ssppp            | 3 | 0 | 0 | 0 | 0 | 0",
        "loss           | P G P G P G L G P G P G P G                 | sspppcp          | 4 | 1 | 1 | 0 | 0 | 0",
        "duplicate      | P G P D G P G D P G                         | sspp             | 2 | 0 | 0 | 0 | 2 | 0",
        "reorder        | P G H P G R P G P G P G                     | ssppp            | 3 | 0 | 0 | 0 | 0 | 0",
        "reorder first  | H P R G G G G                               | sspp             | 2 | 0 | 0 | 0 | 0 | 0",
        "late           | P G P G P G H P G P G P G R P G P G P G     | sspppccpp        | 5 | 2 | 1 | 1 | 0 | 0",
        "played again   | P G P G P G @1 P G                          | sspp             | 2 | 0 | 0 | 0 | 1 | 0",
        "wrap           | @65534 P G P G P G P G P G                  | ssppp            | 3 | 0 | 0 | 0 | 0 | 0",
        "wrap with loss | @65534 P G L G P G P G P G P G              | sspcpp           | 3 | 1 | 1 | 0 | 0 | 0",
        "overflow       | P G P G @100 P @3 P G P G                   | ssp p            | 2 | 0 | 0 | 0 | 0 | 1",
    })
    void scenario(String name, String script, String outcomes, long played, long concealed, long lost, long late,
            long duplicate, long overflow) {
        Script s = new Script(buffer()).run(script);
        assertThat(s.outcomes.toString()).as("outcomes").isEqualTo(outcomes.replace(" ", ""));
        JitterBufferStats st = s.jb.stats();
        assertThat(st.played()).as("played").isEqualTo(played);
        assertThat(st.concealed()).as("concealed").isEqualTo(concealed);
        assertThat(st.lost()).as("lost").isEqualTo(lost);
        assertThat(st.late()).as("late").isEqualTo(late);
        assertThat(st.duplicate()).as("duplicate").isEqualTo(duplicate);
        assertThat(st.overflow()).as("overflow").isEqualTo(overflow);
        assertThat(st.discarded()).isEqualTo(late + duplicate + overflow);
    }

    @Nested
    class Adaptation {

        @Test
        void delaySpikeGrowsTheDelayWithoutDiscardingTheDelayedPackets() {
            // 2 s steady, then 200 ms with no arrivals, then the 10 held packets at once.
            Script s = new Script(buffer()).run(steady(100) + "G ".repeat(10) + "P ".repeat(10) + steady(20));
            JitterBufferStats st = s.jb.stats();
            assertThat(st.late()).isZero();
            assertThat(st.lost()).isZero();
            assertThat(st.underruns()).isEqualTo(1);
            assertThat(st.played()).isEqualTo(120); // 10 frames (the grown delay) still buffered
            // 2 frames drained, then held: 3 concealed (60 ms), then silence until the burst.
            assertThat(s.outcomes.substring(100, 111)).isEqualTo("ppcccsssssp");
            assertThat(st.delayMs()).isGreaterThanOrEqualTo(200);
            assertThat(s.playedSeqs.toString()).startsWith("1 2 3 4 5 ").contains(" 99 100 101 102 103 ");
        }

        @Test
        void shrinksSlowlyAfterTheSpikeOnceItsMemoryHasPassed() {
            Script s = new Script(buffer()).run(steady(100) + "G ".repeat(10) + "P ".repeat(10) + steady(100));
            int grown = s.jb.delayMs();
            s.run(steady(JitterBuffer.WINDOW_POLLS * 4)); // 2 s more: still remembered
            assertThat(s.jb.delayMs()).isGreaterThanOrEqualTo(grown - 20);
            s.run(steady(JitterBuffer.WINDOW_POLLS * JitterBuffer.HISTORY_WINDOWS * 3)); // 30 s
            JitterBufferStats st = s.jb.stats();
            assertThat(st.delayMs()).isEqualTo(40); // back to the minimum
            assertThat(st.dropped()).isBetween(8L, 12L); // one frame at a time
            assertThat(st.late()).isZero();
        }

        @Test
        void burstLossDoesNotAddDelay() {
            Script s = new Script(buffer()).run(steady(50) + "L G ".repeat(5) + steady(50));
            JitterBufferStats st = s.jb.stats();
            assertThat(st.lost()).isEqualTo(5);
            assertThat(st.concealed()).isEqualTo(5);
            assertThat(st.inserted()).isZero();
            assertThat(st.played()).isEqualTo(100 - 2); // all but the two still buffered
            assertThat(st.delayMs()).isEqualTo(40);
        }

        @Test
        void dtxSilenceRestartsPlayoutAtTheTargetDelay() {
            Script s = new Script(buffer()).run(steady(50) + "G ".repeat(50) + "S " + steady(10));
            // talkspurt drained, 60 ms concealed, silence; the new talkspurt prefetches 2 frames.
            assertThat(s.outcomes.substring(50, 54)).isEqualTo("ppcc");
            assertThat(s.outcomes.substring(100)).isEqualTo("ssp" + "p".repeat(7));
            JitterBufferStats st = s.jb.stats();
            assertThat(st.lost()).isZero();
            assertThat(st.played()).isEqualTo(58);
        }

        @Test
        void timestampJumpWithoutGapPlaysOn() {
            Script s = new Script(buffer()).run(steady(20) + "T " + steady(20));
            assertThat(s.outcomes.toString()).isEqualTo("ss" + "p".repeat(38));
        }

        @Test
        void renumberedSenderRestartsAfterTwoPacketsAgree() {
            Script s = new Script(buffer()).run(steady(20) + "J " + steady(20));
            JitterBufferStats st = s.jb.stats();
            assertThat(st.overflow()).isEqualTo(1); // the first far packet; the second confirms the jump
            // Frame 20, buffered under the old numbering, goes with the restart.
            assertThat(s.playedSeqs.toString()).contains(" 19 " + (20 + 10002) + " ");
            assertThat(st.played()).isGreaterThanOrEqualTo(35);
        }

        @Test
        void stragglerAfterPlayoutStoppedIsLate() {
            Script s = new Script(buffer()).run("P G P G L G P G P G " + "G ".repeat(20) + "@3 P G");
            assertThat(s.jb.late()).isEqualTo(1); // 3 was concealed, then playout stopped
            assertThat(s.jb.played()).isEqualTo(4);
            s.run("@2 P G");
            assertThat(s.jb.duplicate()).isEqualTo(1); // 2 was played
        }

        @Test
        void resetDropsBufferedFrames() {
            Script s = new Script(buffer()).run(steady(5));
            s.jb.reset();
            assertThat(s.jb.size()).isZero();
            s.run("G P G G G");
            assertThat(s.outcomes.substring(5)).isEqualTo("sssp");
        }
    }

    @Test
    void capacityIsAPowerOfTwoCoveringTwiceTheMaximumDelay() {
        assertThat(new JitterBuffer(20, 160, 3, 25).capacity()).isEqualTo(64);
        assertThat(new JitterBuffer(20, 160, 0, 5).capacity()).isEqualTo(32);
    }

    @Test
    void aLongerPayloadWidensTheStoreAndKeepsWhatIsBuffered() {
        JitterBuffer jb = new JitterBuffer(20, 160, 2, 10);
        byte[] short1 = filled(160, 1);
        byte[] long2 = filled(240, 2); // 30 ms arriving on a 20 ms stream
        byte[] short3 = filled(160, 3);
        jb.put(1, 0xFFFFFF00L, true, short1, 0, short1.length); // timestamps past 2^31 stay unsigned
        jb.put(2, 0xFFFFFFA0L, false, long2, 0, long2.length);
        jb.put(3, 0x40L, false, short3, 0, short3.length);
        byte[] out = new byte[240];
        int plays = 0;
        for (int poll = 0; poll < 6 && plays < 3; poll++) {
            if (jb.poll(out) != JitterBuffer.Playout.PLAY) {
                continue;
            }
            plays++;
            byte[] expected = plays == 1 ? short1 : plays == 2 ? long2 : short3;
            long expectedTs = plays == 1 ? 0xFFFFFF00L : plays == 2 ? 0xFFFFFFA0L : 0x40L;
            assertThat(jb.payloadLength()).isEqualTo(expected.length);
            assertThat(java.util.Arrays.copyOf(out, expected.length)).isEqualTo(expected);
            assertThat(jb.timestamp()).isEqualTo(expectedTs);
        }
        assertThat(plays).isEqualTo(3);
    }

    private static byte[] filled(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    @Test
    void rejectsBadLimits() {
        assertThatThrownBy(() -> new JitterBuffer(20, 160, 5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JitterBuffer(0, 160, 1, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
