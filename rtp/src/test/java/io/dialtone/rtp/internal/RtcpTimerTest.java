package io.dialtone.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.dialtone.rtp.RtcpCompound;
import io.dialtone.rtp.RtcpCompoundView;
import io.dialtone.rtp.internal.RtcpTimer.Expiry;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 3550 §6.3 on virtual time. The RTCP bandwidth is 500 bytes/s (5 % of 80 kbit/s): receivers
 * share 375 B/s and senders 125 B/s while senders are at most a quarter of the members. Expected times
 * are written out from the RFC's formulas with e − 3/2 = 1.21828, and the randomisation draws are
 * scripted, so every interval is exact.
 */
@DisplayName("RFC 3550 §6.3 RTCP timer")
class RtcpTimerTest {

    private static final double BW = 500;
    private static final double E = Math.E - 1.5; // §6.3.1 step 5
    private static final long S = 1_000_000_000L;

    /** Uniform draws in [0, 1) as scripted; the last repeats. */
    static final class Draws implements RandomGenerator {
        private final double[] values;
        private int next;

        Draws(double... values) {
            this.values = values;
        }

        @Override
        public double nextDouble() {
            return values[Math.min(next++, values.length - 1)];
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }
    }

    /** T of §6.3.1 in ns: the deterministic interval × (r + 0.5) / (e − 3/2). */
    private static long t(double deterministicS, double r) {
        return (long) (deterministicS * (r + 0.5) / E * 1e9);
    }

    private static RtcpTimer timer(double avgBytes, double... draws) {
        return new RtcpTimer(new Draws(draws), BW, avgBytes);
    }

    /** An RR + BYE compound from the first of {@code ssrcs}, leaving with all of them. */
    private static RtcpCompoundView bye(long... ssrcs) {
        List<Long> all = java.util.Arrays.stream(ssrcs).boxed().toList();
        byte[] wire = new RtcpCompound(ssrcs[0], null, List.of(), null, all, null).toBytes();
        return new RtcpCompoundView().wrap(wire, 0, wire.length);
    }

    /** Adds {@code n} other members heard by compounds of {@code bytes} (so the average stays there). */
    private static void members(RtcpTimer timer, int n, int bytes, long nowNanos) {
        for (int i = 0; i < n; i++) {
            timer.onRtcp(0x1000 + i, bytes, nowNanos);
        }
    }

    @Nested
    @DisplayName("§6.3.1 computing the interval")
    class Interval {

        @ParameterizedTest(name = "members {0}, senders {1}, we sent {2}, avg {3} B, initial {4}, r {5}: Td {6} s")
        @CsvSource({
            // two parties: the minimum rules
            "2, 2, true, 128, false, 0.5, 5.0",
            "2, 2, true, 128, false, 0.0, 5.0",
            "2, 2, true, 128, false, 1.0, 5.0",
            "2, 0, false, 128, true, 0.5, 2.5",          // before the first compound: half the minimum
            // 1000 listeners, no sender (0 ≤ 25 %): receivers get 75 %, 200 × 1000 / 375 B/s
            "1000, 0, false, 200, false, 0.5, 533.3333333333334",
            // 10 senders of 1000, we listen: 200 × 990 / 375
            "1000, 10, false, 200, false, 0.5, 528",
            // we are one of the 10 senders: 200 × 10 / 125
            "1000, 10, true, 200, false, 0.5, 16",
            // 400 senders of 1000 (> 25 %): one share for all, 200 × 1000 / 500
            "1000, 400, true, 200, false, 0.5, 400",
            "1000, 400, false, 200, false, 0.5, 400",
        })
        void deterministicThenRandomisedAndCompensated(int members, int senders, boolean weSent, double avg,
                boolean initial, double r, double td) {
            assertThat(RtcpTimer.deterministic(members, senders, weSent, avg, initial, BW)).isCloseTo(td, offset(1e-9));
            assertThat(RtcpTimer.interval(members, senders, weSent, avg, initial, BW, r))
                    .isCloseTo(td * (r + 0.5) / 1.21828, offset(td * 1e-5));
        }
    }

    @Nested
    @DisplayName("§6.3.2 initialization and §6.3.6 expiry")
    class Expiration {

        @Test
        void firstCompoundIsDueAfterHalfTheMinimumRandomised() {
            RtcpTimer timer = timer(128, 0.2);
            timer.start(3 * S);
            assertThat(timer.nextNanos()).isEqualTo(3 * S + t(2.5, 0.2)); // 0.7 × 2.5 s / 1.21828
            assertThat(timer.previousNanos()).isEqualTo(3 * S);
            assertThat(timer.due(timer.nextNanos() - 1)).isFalse();
            assertThat(timer.due(timer.nextNanos())).isTrue();
        }

        @Test
        void expiryWithUnchangedMembershipSendsAndSchedulesFromNow() {
            RtcpTimer timer = timer(128, 0.5, 0.4, 0.9);
            timer.start(0);
            long tc = timer.nextNanos(); // 2.5 × 1.0 / E
            // tp + T with the new draw: 0 + 2.5 × 0.9 / E ≤ tc → send
            assertThat(timer.expire(tc)).isEqualTo(Expiry.REPORT);
            timer.sent(tc, 128);
            assertThat(timer.initial()).isFalse();
            assertThat(timer.previousNanos()).isEqualTo(tc);
            assertThat(timer.nextNanos()).isEqualTo(tc + t(5, 0.9)); // full minimum now, last draw repeats
        }

        @Test
        void forwardReconsiderationDefersWhenTheGroupGrew() {
            // 1 member at start: Td = 2.5 s. Then 99 others arrive with 200-byte compounds (average 200 B):
            // Td = max(2.5, 200 × 100 / 375) = 53.33 s.
            RtcpTimer timer = timer(200, 0.5, 0.5, 0.0);
            timer.start(0);
            long tn = timer.nextNanos();
            assertThat(tn).isEqualTo(t(2.5, 0.5));
            members(timer, 99, 200, S);
            assertThat(timer.members()).isEqualTo(100);
            // tp + T = 0 + 53.33 × 1.0 / E > tc: reschedule at tp + T, nothing sent (§6.3.6)
            assertThat(timer.expire(tn)).isEqualTo(Expiry.RESCHEDULED);
            double td = 200.0 * 100 / 375;
            assertThat(timer.nextNanos()).isEqualTo(t(td, 0.5));
            assertThat(timer.previousNanos()).isZero();
            assertThat(timer.pmembers()).isEqualTo(100);
            // at that time a smaller draw (r = 0) gives tp + T = 26.67 / E s ≤ tc: send now
            assertThat(timer.expire(timer.nextNanos())).isEqualTo(Expiry.REPORT);
        }

        @Test
        void withNobodyToSendToTheTimerRestartsFromNow() {
            RtcpTimer timer = timer(128, 0.5);
            timer.start(0);
            long tc = timer.nextNanos();
            assertThat(timer.expire(tc)).isEqualTo(Expiry.REPORT);
            timer.notSent(tc);
            assertThat(timer.nextNanos()).isEqualTo(tc + t(2.5, 0.5));
            assertThat(timer.initial()).isTrue();
            assertThat(timer.previousNanos()).isZero();
        }

        @Test
        void averageSizeFollowsCompoundsSentAndReceived() {
            RtcpTimer timer = timer(128, 0.5);
            timer.onRtcp(0xA, 128 + 16 * 10, 0); // avg = 1/16 × 288 + 15/16 × 128 = 138
            assertThat(timer.avgRtcpSize()).isCloseTo(138, offset(1e-9));
            timer.start(0);
            timer.expire(timer.nextNanos());
            timer.sent(timer.nextNanos(), 138 + 16 * 2); // 140
            assertThat(timer.avgRtcpSize()).isCloseTo(140, offset(1e-9));
        }
    }

    @Nested
    @DisplayName("§6.3.4 receiving a BYE: reverse reconsideration")
    class ReverseReconsideration {

        @Test
        void byeScalesTnAndTpTowardsNow() {
            RtcpTimer timer = timer(200, 0.5);
            timer.start(0);
            members(timer, 9, 200, 0);
            timer.expire(timer.nextNanos()); // pmembers = members = 10
            assertThat(timer.pmembers()).isEqualTo(10);
            long tn = timer.nextNanos();
            long tp = timer.previousNanos();
            long tc = 3 * S; // before tn = 5.33 / E = 4.38 s
            timer.onBye(bye(0x1000, 0x1001, 0x1002, 0x1003, 0x1004), 200, tc);
            assertThat(timer.members()).isEqualTo(5);
            // tn = tc + (5/10)(tn − tc), tp = tc − (5/10)(tc − tp)
            assertThat(timer.nextNanos()).isCloseTo(tc + (tn - tc) / 2, offset(1L));
            assertThat(timer.previousNanos()).isCloseTo(tc - (tc - tp) / 2, offset(1L));
            assertThat(timer.pmembers()).isEqualTo(5);
        }

        @Test
        void byeOfAnUnknownSourceChangesNothing() {
            RtcpTimer timer = timer(200, 0.5);
            timer.start(0);
            members(timer, 3, 200, 0);
            timer.expire(timer.nextNanos());
            long tn = timer.nextNanos();
            timer.onBye(bye(0xDEAD), 200, S);
            assertThat(timer.members()).isEqualTo(4);
            assertThat(timer.nextNanos()).isEqualTo(tn);
        }

        @Test
        void aSenderThatSaysByeLeavesBothTables() {
            RtcpTimer timer = timer(200, 0.5);
            timer.start(0);
            timer.onRtp(0xA, S);
            assertThat(timer.senders()).isEqualTo(1);
            timer.onBye(bye(0xA), 200, 2 * S);
            assertThat(timer.members()).isEqualTo(1);
            assertThat(timer.senders()).isZero();
            assertThat(timer.isMember(0xA)).isFalse();
        }
    }

    @Nested
    @DisplayName("§6.3.5 timing out an SSRC and §6.3.8 we_sent")
    class Timeouts {

        @Test
        void aMemberUnheardForFiveReceiverIntervalsIsRemoved() {
            RtcpTimer timer = timer(128, 0.5);
            timer.start(0);
            timer.expire(timer.nextNanos());
            timer.sent(timer.nextNanos(), 128); // initial over: Tmin = 5 s
            timer.onRtcp(0xB, 128, 10 * S);
            timer.onRtcp(0xC, 128, 20 * S);
            // receiver Td = max(5, 128 × 3 / 375) = 5 s; M·Td = 25 s
            timer.expire(35 * S); // B last heard exactly tc − 25 s: kept
            assertThat(timer.isMember(0xB)).isTrue();
            timer.expire(35 * S + 1); // heard before tc − 25 s: removed
            assertThat(timer.isMember(0xB)).isFalse();
            assertThat(timer.isMember(0xC)).isTrue();
            assertThat(timer.members()).isEqualTo(2);
        }

        @Test
        void timingOutMembersRunsReverseReconsideration() {
            RtcpTimer timer = timer(200, 0.5);
            timer.start(0);
            members(timer, 3, 200, 0); // 4 members, unheard from now on
            timer.expire(timer.nextNanos());
            timer.sent(timer.nextNanos(), 200);
            assertThat(timer.pmembers()).isEqualTo(4);
            timer.onRtcp(0x2000, 200, 20 * S); // 5 members, pmembers still 4
            long tc = 26 * S; // Td = max(5, 200 × 5 / 375) = 5 s: the first three time out after 25 s
            long tpBefore = timer.previousNanos();
            // members 2 < pmembers 4: tp = tc − (2/4)(tc − tp) before T is drawn; tp + 5/E s ≤ tc
            assertThat(timer.expire(tc)).isEqualTo(Expiry.REPORT);
            assertThat(timer.members()).isEqualTo(2);
            assertThat(timer.isMember(0x2000)).isTrue();
            assertThat(timer.previousNanos()).isCloseTo(tc - (tc - tpBefore) / 2, offset(1L));
        }

        @Test
        void aSenderSilentForTwoIntervalsIsOnlyAReceiver() {
            RtcpTimer timer = timer(128, 0.5);
            timer.start(0);
            timer.onRtp(0xA, 0);
            assertThat(timer.senders()).isEqualTo(1);
            timer.expire(timer.nextNanos());
            long t = t(2.5, 0.5); // the T just drawn (members 2, receiver, initial)
            timer.onRtcp(0xA, 128, 2 * t); // still heard, by RTCP only
            timer.expire(2 * t); // RTP last at tc − 2T: still a sender
            assertThat(timer.senders()).isEqualTo(1);
            timer.expire(2 * t + 1); // T unchanged by that draw; now older than 2T
            assertThat(timer.senders()).isZero();
            assertThat(timer.isMember(0xA)).isTrue();
        }

        @Test
        void weSentFollowsOurOwnRtp() {
            RtcpTimer timer = timer(128, 0.5);
            timer.start(0);
            assertThat(timer.weSent()).isFalse();
            timer.onRtpSent(S);
            assertThat(timer.weSent()).isTrue();
            assertThat(timer.senders()).isEqualTo(1);
            timer.onRtpSent(2 * S);
            assertThat(timer.senders()).isEqualTo(1);
            long t = t(2.5, 0.5);
            timer.expire(2 * S + 2 * t); // last RTP exactly 2T ago
            assertThat(timer.weSent()).isTrue();
            timer.expire(2 * S + 2 * t + 1);
            assertThat(timer.weSent()).isFalse();
            assertThat(timer.senders()).isZero();
        }
    }

    @Nested
    @DisplayName("§6.3.7 transmitting a BYE")
    class Bye {

        @Test
        void withFiftyMembersOrFewerTheByeGoesAtOnce() {
            RtcpTimer timer = timer(200, 0.5);
            timer.start(0);
            members(timer, 49, 200, 0);
            assertThat(timer.leave(S, 100)).isTrue();
            assertThat(timer.leaving()).isFalse();
        }

        @Test
        void withMoreThanFiftyTheByeBacksOffAndCountsByes() {
            // BYE compound of 1000 B: Td = max(2.5, n × 1000 / 375) with n counting BYEs received
            RtcpTimer timer = timer(200, 0.5, 0.5, 1.0, 0.1);
            timer.start(0);
            members(timer, 60, 200, 0);
            long tc = 3 * S;
            assertThat(timer.leave(tc, 1000)).isFalse();
            assertThat(timer.members()).isEqualTo(1);
            assertThat(timer.senders()).isZero();
            assertThat(timer.initial()).isTrue();
            assertThat(timer.previousNanos()).isEqualTo(tc);
            double td1 = 1000.0 / 375; // 2.67 s
            assertThat(timer.nextNanos()).isEqualTo(tc + t(td1, 0.5));
            // RTP and other RTCP no longer count; each BYE does, known or not
            timer.onRtp(0x1000, tc + S);
            timer.onRtcp(0x1001, 200, tc + S);
            timer.onBye(bye(0x7777), 1000, tc + S);
            timer.onBye(bye(0x1002, 0x1003), 1000, tc + S); // one BYE packet, one count
            assertThat(timer.members()).isEqualTo(3);
            assertThat(timer.avgRtcpSize()).isCloseTo(1000, offset(1e-9)); // only BYEs, all 1000 B
            // expiry, r = 1.0: T = 3 × 1000 / 375 × 1.5 / E, tp + T > tc: the BYE waits (forward reconsideration)
            long expiry = timer.nextNanos();
            assertThat(timer.expire(expiry)).isEqualTo(Expiry.RESCHEDULED);
            assertThat(timer.nextNanos()).isEqualTo(tc + t(3 * 1000.0 / 375, 1.0));
            // next draw r = 0.1: T = 8 × 0.6 / E = 3.94 s; tp + T ≤ tc → send the BYE
            assertThat(timer.expire(timer.nextNanos())).isEqualTo(Expiry.BYE);
        }
    }
}
