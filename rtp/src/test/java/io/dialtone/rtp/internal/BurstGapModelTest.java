package io.dialtone.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Scripts of received (R) and lost (L) packets, as the jitter-buffer scenarios are written. */
@DisplayName("RFC 3611 §4.7.2 burst/gap with Gmin 16, G.107 BurstR")
class BurstGapModelTest {

    private static BurstGapModel run(String script) {
        BurstGapModel m = new BurstGapModel();
        for (String token : script.trim().split("\\s+")) {
            int n = token.length() > 1 ? Integer.parseInt(token.substring(1)) : 1;
            for (int i = 0; i < n; i++) {
                if (token.charAt(0) == 'R') {
                    m.received();
                } else {
                    m.lost();
                }
            }
        }
        return m;
    }

    @Test
    void isolatedLossIsPartOfTheGap() {
        BurstGapModel m = run("R20 L R20");
        assertThat(m.bursts()).isZero();
        assertThat(m.burstDensity()).isZero();
        assertThat(m.gapDensity()).isCloseTo(1.0 / 41, offset(1e-12));
        assertThat(m.meanGapPackets()).isEqualTo(41.0);
    }

    @Test
    void lossesCloserThanGminFormABurst() {
        BurstGapModel m = run("R20 L R2 L L R20");
        // burst = L R R L L: 5 packets, 3 lost; gap = 20 before + 20 after
        assertThat(m.bursts()).isEqualTo(1);
        assertThat(m.burstDensity()).isCloseTo(3.0 / 5, offset(1e-12));
        assertThat(m.meanBurstPackets()).isEqualTo(5.0);
        assertThat(m.gapDensity()).isZero();
        assertThat(m.meanGapPackets()).isEqualTo(20.0);
    }

    @Test
    void sixteenReceivedEndTheBurst() {
        BurstGapModel m = run("L L R16 L R15 L");
        // burst L L, then the loss after 16 is isolated and opens, with the next, a second burst L R15 L
        assertThat(m.bursts()).isEqualTo(2);
        assertThat(m.meanBurstPackets()).isEqualTo((2 + 17) / 2.0);
        assertThat(m.burstDensity()).isCloseTo(4.0 / 19, offset(1e-12));
    }

    @Test
    void burstRatioOfRandomAndClusteredLoss() {
        assertThat(run("R100").burstRatio()).isEqualTo(1.0);
        // "R L" alternating: p = 1, q = 1 → BurstR = 0.5 (less bursty than random)
        assertThat(run("R L R L R L R L R").burstRatio()).isCloseTo(0.5, offset(1e-12));
        // 10 × (36 received, 4 lost): p = 10/360, q = 9/39 → 1/(p + q) = 3.86777
        assertThat(run("R36 L4 ".repeat(10)).burstRatio()).isCloseTo(1 / (10.0 / 360 + 9.0 / 39), offset(1e-9));
    }
}
