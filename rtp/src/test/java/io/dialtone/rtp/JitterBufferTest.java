package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Scripted scenarios. Tokens: a number puts that sequence number; {@code W} polls expecting nothing
 * while prefetching or idle; {@code Pn} polls expecting packet n; {@code L} polls expecting a lost frame.
 * The delay is 2 frames and the capacity 8.
 */
class JitterBufferTest {

    private static RtpPacket packet(int seq) {
        return RtpPacket.of(false, 0, seq, seq * 160L, 1, new byte[] {(byte) seq});
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "in order       | 1 2 3 W W P1 P2 P3 4 P4                         | 4 | 0 | 0 | 0 | 0",
        "reorder        | 1 3 2 W W P1 P2 P3                              | 3 | 0 | 0 | 0 | 0",
        "reorder first  | 2 1 W W P1 P2                                   | 2 | 0 | 0 | 0 | 0",
        "loss           | 1 2 4 W W P1 P2 L P4                            | 3 | 1 | 0 | 0 | 0",
        "duplicate      | 1 1 2 W W P1 P2                                 | 2 | 0 | 0 | 1 | 0",
        "late           | 1 3 W W P1 L 2 P3                               | 2 | 1 | 1 | 0 | 0",
        "late after play| 1 2 3 W W P1 P2 1 P3                            | 3 | 0 | 1 | 0 | 0",
        "wrap           | 65534 65535 0 1 W W P65534 P65535 P0 P1         | 4 | 0 | 0 | 0 | 0",
        "wrap reorder   | 65535 1 0 W W P65535 P0 P1                      | 3 | 0 | 0 | 0 | 0",
        "wrap with loss | 65534 0 W W P65534 L P0                         | 2 | 1 | 0 | 0 | 0",
        "overflow       | 1 9 2 W W P1 P2                                 | 2 | 0 | 0 | 0 | 1",
        "underrun       | 1 W W P1 W 5 W W P5                             | 2 | 0 | 0 | 0 | 0",
        "straggler      | 1 2 W W P1 P2 W 2 W                             | 2 | 0 | 1 | 0 | 0",
    })
    void scenario(String name, String script, long played, long lost, long late, long duplicate, long overflow) {
        JitterBuffer jb = new JitterBuffer(2, 8);
        for (String token : script.trim().split("\\s+")) {
            switch (token.charAt(0)) {
                case 'W' -> assertThat(jb.poll()).as(token).isNull();
                case 'L' -> assertThat(jb.poll()).as(token).isNull();
                case 'P' -> {
                    RtpPacket p = jb.poll();
                    assertThat(p).as(token).isNotNull();
                    assertThat(p.sequenceNumber()).as(token).isEqualTo(Integer.parseInt(token.substring(1)));
                }
                default -> jb.put(packet(Integer.parseInt(token)));
            }
        }
        assertThat(jb.played()).as("played").isEqualTo(played);
        assertThat(jb.lost()).as("lost").isEqualTo(lost);
        assertThat(jb.late()).as("late").isEqualTo(late);
        assertThat(jb.duplicate()).as("duplicate").isEqualTo(duplicate);
        assertThat(jb.overflow()).as("overflow").isEqualTo(overflow);
    }

    @org.junit.jupiter.api.Test
    void restartsWhenSenderRenumbers() {
        JitterBuffer jb = new JitterBuffer(0, 4);
        jb.put(packet(100));
        assertThat(jb.poll().sequenceNumber()).isEqualTo(100);
        for (int i = 0; i < 4; i++) {
            jb.put(packet(50 + i)); // far behind: late, until the buffer gives up and restarts
        }
        assertThat(jb.late()).isEqualTo(4);
        assertThat(jb.poll().sequenceNumber()).isEqualTo(53);
    }

    @org.junit.jupiter.api.Test
    void capacityIsPowerOfTwo() {
        assertThat(new JitterBuffer(3, 12).capacity()).isEqualTo(16);
    }
}
