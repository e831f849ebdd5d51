package io.dialtone.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

@DisplayName("RFC 3550 Appendix A.1, A.3, A.8")
class ReceptionStatisticsTest {

    private static final long MS = 1_000_000L;

    @Test
    void countsLossAndFractionPerInterval() {
        ReceptionStatistics s = new ReceptionStatistics(8000);
        assertThat(s.update(9, 9 * 160L, 9 * 20 * MS)).isFalse(); // probation (A.1)
        for (int seq : new int[] {10, 11, 13, 14, 17}) { // 12, 15, 16 lost
            assertThat(s.update(seq, seq * 160L, seq * 20 * MS)).isTrue();
        }
        assertThat(s.expected()).isEqualTo(8);
        assertThat(s.cumulativeLost()).isEqualTo(3);
        RtcpReportBlock first = s.report(7, 0, 0);
        assertThat(first.fractionLost()).isEqualTo(3 * 256 / 8); // 96
        assertThat(first.cumulativeLost()).isEqualTo(3);
        assertThat(first.extendedHighestSeq()).isEqualTo(17);
        s.update(18, 18 * 160L, 18 * 20 * MS);
        assertThat(s.report(7, 0, 0).fractionLost()).isZero();
    }

    @Test
    void wrapsIntoNextCycle() {
        ReceptionStatistics s = new ReceptionStatistics(8000);
        s.update(65533, 0, 0); // probation
        s.update(65534, 0, 0);
        s.update(65535, 160, 20 * MS);
        s.update(1, 480, 60 * MS); // 0 lost
        assertThat(s.extendedHighestSeq()).isEqualTo(65536 + 1);
        assertThat(s.cumulativeLost()).isEqualTo(1);
        s.update(0, 320, 80 * MS); // late, reordered: counted, max unchanged
        assertThat(s.cumulativeLost()).isZero();
        assertThat(s.extendedHighestSeq()).isEqualTo(65537);
    }

    @Test
    void duplicatesMakeLossNegative() {
        ReceptionStatistics s = new ReceptionStatistics(8000);
        s.update(0, 0, 0); // probation
        s.update(1, 0, 0);
        s.update(1, 0, 0);
        assertThat(s.cumulativeLost()).isEqualTo(-1);
    }

    @Test
    void restartNeedsTwoSequentialPacketsAfterTheJump() {
        ReceptionStatistics s = new ReceptionStatistics(8000);
        s.update(9, 0, 0);
        s.update(10, 0, 0);
        s.update(11, 0, 0);
        assertThat(s.update(30000, 0, 0)).isFalse(); // bad_seq = 30001
        assertThat(s.update(30005, 0, 0)).isFalse(); // not 30001: bad_seq = 30006
        assertThat(s.update(30006, 0, 0)).isTrue(); // confirmed: restart at 30006
        assertThat(s.expected()).isEqualTo(1);
        assertThat(s.cumulativeLost()).isZero();
    }

    @Test
    void largeJumpNeedsConfirmation() {
        ReceptionStatistics s = new ReceptionStatistics(8000);
        s.update(99, 0, 0);
        s.update(100, 0, 0);
        assertThat(s.update(20000, 0, 0)).isFalse();
        assertThat(s.update(20001, 0, 0)).isTrue(); // confirmed: source restarted
        assertThat(s.received()).isEqualTo(1);
        assertThat(s.extendedHighestSeq()).isEqualTo(20001);
    }

    @Test
    void jitterFollowsA8() {
        // 8 kHz: 1 ms = 8 timestamp units. Packets every 20 ms (160 units) arriving with delays 0, 5, 0, 10 ms.
        ReceptionStatistics s = new ReceptionStatistics(8000);
        s.update(0, -160, -20 * MS); // probation: no jitter from it
        s.update(1, 0, 0);
        s.update(2, 160, 25 * MS); // D = 40 → J = 40/16 = 2.5
        s.update(3, 320, 40 * MS); // D = 40 → J = 2.5 + (40 − 2.5)/16 = 4.84375
        s.update(4, 480, 70 * MS); // D = 80 → J = 4.84375 + (80 − 4.84375)/16 = 9.541015625
        assertThat(s.jitter()).isEqualTo(9);
        assertThat(s.jitterMs()).isCloseTo(9.541015625 / 8, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Nested
    @DisplayName("A.1 probation, dropout and misorder")
    class Validation {

        @Test
        void newSourceNeedsTwoInSequence() {
            ReceptionStatistics s = new ReceptionStatistics(8000);
            assertThat(s.update(500, 0, 0)).isFalse();
            assertThat(s.hasReceived()).isFalse();
            assertThat(s.update(501, 160, 20 * MS)).isTrue();
            assertThat(s.received()).isEqualTo(1);
            assertThat(s.expected()).isEqualTo(1); // base is the packet that ended probation
        }

        @Test
        void outOfSequenceRestartsProbation() {
            ReceptionStatistics s = new ReceptionStatistics(8000);
            assertThat(s.update(500, 0, 0)).isFalse();
            assertThat(s.update(502, 0, 0)).isFalse(); // not 501: probation again from 502
            assertThat(s.update(504, 0, 0)).isFalse();
            assertThat(s.update(505, 0, 0)).isTrue();
            assertThat(s.received()).isEqualTo(1);
        }

        @Test
        void probationAcrossTheWrap() {
            ReceptionStatistics s = new ReceptionStatistics(8000);
            assertThat(s.update(65535, 0, 0)).isFalse();
            assertThat(s.update(0, 160, 20 * MS)).isTrue();
            assertThat(s.extendedHighestSeq()).isZero(); // base restarted at 0: no cycle yet
        }

        @ParameterizedTest(name = "jump of {0} is {1}")
        @CsvSource({"1, true", "2999, true", "3000, false", "65436, false", "65437, true", "65535, true", "3001, false"})
        void dropoutAndMisorderLimits(int delta, boolean accepted) {
            ReceptionStatistics s = new ReceptionStatistics(8000);
            s.update(9, 0, 0);
            s.update(10, 0, 0);
            // MAX_DROPOUT = 3000 ahead, MAX_MISORDER = 100 behind (65436 = −100, 65437 = −99, 65535 = −1)
            assertThat(s.update((10 + delta) & 0xFFFF, 0, 0)).isEqualTo(accepted);
        }

        @Test
        void jumpWithoutConfirmationIsIgnored() {
            ReceptionStatistics s = new ReceptionStatistics(8000);
            s.update(9, 0, 0);
            s.update(10, 0, 0);
            assertThat(s.update(40000, 0, 0)).isFalse();
            assertThat(s.update(11, 0, 0)).isTrue(); // the old numbering goes on
            assertThat(s.extendedHighestSeq()).isEqualTo(11);
            assertThat(s.cumulativeLost()).isZero();
        }
    }
}
