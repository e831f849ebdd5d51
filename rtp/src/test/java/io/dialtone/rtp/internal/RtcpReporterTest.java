package io.dialtone.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 3550 §6.2, §6.3.1 and A.7 {@code rtcp_interval} with 80 kbit/s of session bandwidth:
 * RTCP gets 500 bytes/s, senders a quarter of it when they are at most a quarter of the members.
 */
@DisplayName("RFC 3550 §6.3.1 RTCP interval")
class RtcpReporterTest {

    private static final double E = Math.E - 1.5; // 1.218281828

    @ParameterizedTest(name = "members {0}, senders {1}, we sent {2}, avg {3} B, initial {4}, random {5}: {6} s")
    @CsvSource({
        // two parties: the minimum rules, randomised and compensated
        "2, 2, true, 128, false, 0.5, 5.0",
        "2, 2, true, 128, false, 0.0, 2.5",
        "2, 2, true, 128, false, 1.0, 7.5",
        "2, 0, false, 128, true, 0.5, 2.5",        // initial: half the minimum
        // 1000 listeners, no sender: 200 B × 1000 / 500 B/s = 400 s
        "1000, 0, false, 200, false, 0.5, 400",
        // 10 senders of 1000 (≤ 25 %), we listen: 200 × 990 / 375 = 528 s
        "1000, 10, false, 200, false, 0.5, 528",
        // we are one of the 10 senders: 200 × 10 / 125 = 16 s
        "1000, 10, true, 200, false, 0.5, 16",
        // 400 senders of 1000 (> 25 %): everyone shares 500 B/s, 200 × 1000 / 500 = 400 s
        "1000, 400, true, 200, false, 0.5, 400",
    })
    void intervalOfA7(int members, int senders, boolean weSent, double avg, boolean initial, double random,
            double beforeCompensation) {
        assertThat(RtcpReporter.interval(members, senders, weSent, avg, initial, random))
                .isCloseTo(beforeCompensation / E, offset(1e-9));
    }

    @Test
    void averageSizeFollowsSentAndReceivedCompoundsWithUdpIpHeaders() {
        RtcpReporter r = new RtcpReporter(new java.util.SplittableRandom(1), 0, 0, 8000, 20);
        for (int i = 0; i < 400; i++) {
            r.onCompound(4000 - 28, false); // 4000 B on the wire
        }
        // avg → 4000 B: two members need 4000 × 2 / 500 = 16 s, above the 5 s minimum
        r.schedule(0, 2, 2, true);
        for (int s = 0; s < 16 * 0.5 / E - 0.01; s++) {
            assertThat(r.due(s * 1_000_000_000L)).isFalse();
        }
        assertThat(r.due((long) (16 * 1.5 / E * 1e9) + 1)).isTrue();
    }
}
