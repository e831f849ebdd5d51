package io.dialtone.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.dialtone.codec.PcmaCodec;
import io.dialtone.rtp.EModel;
import io.dialtone.rtp.RtcpCompound;
import io.dialtone.rtp.RtpPacket;
import io.dialtone.rtp.RtpStreamConfig;
import io.dialtone.rtp.RtpStreamStats;
import io.dialtone.rtp.ToneSource;
import io.dialtone.rtp.VoipMetrics;
import io.dialtone.rtp.internal.StreamEngineTest.Collect;
import io.dialtone.rtp.internal.StreamEngineTest.Wire;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** RTCP behaviour of {@link StreamEngine} on virtual time: §6.3 timing, §8.2 collisions, RFC 3611 XR, G.107. */
@DisplayName("RFC 3550 §6, §8 and RFC 3611 in StreamEngine")
class StreamEngineRtcpTest {

    private static final long TICK = 20_000_000L;
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 4000);
    private static final InetSocketAddress A_RTCP = new InetSocketAddress("127.0.0.1", 4001);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 5000);
    private static final InetSocketAddress B_RTCP = new InetSocketAddress("127.0.0.1", 5001);

    private static RtpStreamConfig config() {
        return RtpStreamConfig.builder().codec(PcmaCodec.INSTANCE).payloadType(8).cname("test").build();
    }

    private static RtcpCompound parse(byte[] p) {
        return RtcpCompound.parse(p, 0, p.length);
    }

    /** Two engines back to back, A's packets to B losing every 10th, each direction 1 ms late. */
    static final class Pair {
        final Wire wa = new Wire();
        final Wire wb = new Wire();
        final StreamEngine a = new StreamEngine(config(), wa, new SplittableRandom(1), Instant.EPOCH, 0);
        final StreamEngine b = new StreamEngine(config(), wb, new SplittableRandom(2), Instant.EPOCH, 0);
        final List<Long> rtcpTimesA = new ArrayList<>();
        int rtpA;
        int rtpB;
        int rtcpA;
        int rtcpB;
        int tick;

        Pair() {
            a.remote(B, B_RTCP);
            b.remote(A, A_RTCP);
            a.start(new ToneSource(1000, 8000, 0.5), new Collect(), 0);
            b.start(new ToneSource(400, 8000, 0.5), new Collect(), 0);
        }

        void run(int ticks) {
            for (int i = 0; i < ticks; i++) {
                long now = ++tick * TICK;
                a.tick(now);
                b.tick(now);
                while (rtpA < wa.rtp.size()) {
                    byte[] p = wa.rtp.get(rtpA++);
                    if (rtpA % 10 != 0) {
                        b.onRtp(p, p.length, now + 1_000_000, A);
                    }
                }
                while (rtpB < wb.rtp.size()) {
                    byte[] p = wb.rtp.get(rtpB++);
                    a.onRtp(p, p.length, now + 1_000_000, B);
                }
                while (rtcpA < wa.rtcp.size()) {
                    rtcpTimesA.add(now);
                    byte[] p = wa.rtcp.get(rtcpA++);
                    b.onRtcp(p, p.length, now + 1_000_000, A_RTCP);
                }
                while (rtcpB < wb.rtcp.size()) {
                    byte[] p = wb.rtcp.get(rtcpB++);
                    a.onRtcp(p, p.length, now + 1_000_000, B_RTCP);
                }
            }
        }
    }

    @Nested
    class Interval {

        @Test
        void reportsFollowTheRandomisedCompensatedMinimum() {
            Pair pair = new Pair();
            pair.run(60 * 50); // 60 s
            List<Long> t = pair.rtcpTimesA;
            // first within 2.5 s × [0.5, 1.5] / (e − 1.5), then 5 s × [0.5, 1.5] / (e − 1.5) apart (a tick later at most)
            assertThat(t.get(0)).isBetween((long) (1.25e9 / 1.2183), (long) (3.75e9 / 1.2183) + TICK);
            for (int i = 1; i < t.size(); i++) {
                assertThat(t.get(i) - t.get(i - 1)).isBetween((long) (2.5e9 / 1.2183), (long) (7.5e9 / 1.2183) + TICK);
            }
            assertThat(t).hasSizeBetween(10, 25); // mean 4.1 s
        }
    }

    @Nested
    class VoipMetricsAndQuality {

        @Test
        void everyReportAfterTheFirstPacketsCarriesXr() {
            Pair pair = new Pair();
            pair.run(30 * 50);
            List<RtcpCompound> fromB = pair.wb.rtcp.stream().map(StreamEngineRtcpTest::parse).toList();
            assertThat(fromB).isNotEmpty();
            for (RtcpCompound c : fromB) {
                assertThat(c.voipMetrics()).isNotNull();
                assertThat(c.voipMetrics().ssrc()).isEqualTo(pair.a.ssrc());
                assertThat(c.voipMetrics().gmin()).isEqualTo(16);
                assertThat(c.voipMetrics().signalLevel()).isEqualTo(VoipMetrics.UNAVAILABLE);
            }
        }

        @Test
        void qualityIsUnknownUntilEnoughPacketsAndAnRtt() {
            Pair pair = new Pair();
            pair.run(4 * 50); // 200 packets, < 250
            RtpStreamStats early = pair.b.stats();
            assertThat(early.rFactor()).isEmpty();
            assertThat(early.mos()).isEmpty();
            pair.run(26 * 50);
            RtpStreamStats sb = pair.b.stats();
            assertThat(sb.rttMs()).isPresent();
            assertThat(sb.rttMs().getAsDouble()).isBetween(1.0, 5.0); // 1 ms each way
            // 10 % periodic loss (every 10th): Ppl = 10, BurstR = 1/(p + q) = 1/(1/9 + 1) = 0.9;
            // Ta = 1 + playout + 20 < 100 ms → Idd = 0. R = 93.2 − 950 / (10/0.9 + 25.1) = 66.965
            assertThat(sb.rFactor()).isPresent();
            assertThat(sb.rFactor().getAsDouble()).isCloseTo(93.2 - 950 / (10 / 0.9 + 25.1), offset(1.0));
            assertThat(sb.mos().getAsDouble()).isCloseTo(EModel.mos(sb.rFactor().getAsDouble()), offset(1e-9));
            // A lost nothing from B.
            assertThat(pair.a.stats().rFactor().getAsDouble()).isCloseTo(93.2, offset(0.01));
        }

        @Test
        void peerXrIsExposedInStats() {
            Pair pair = new Pair();
            pair.run(30 * 50);
            VoipMetrics fromB = pair.a.stats().remoteVoipMetrics();
            assertThat(fromB).isNotNull();
            assertThat(fromB.ssrc()).isEqualTo(pair.a.ssrc());
            assertThat(fromB.lossRate()).isBetween(24, 27); // 10 % × 256
            assertThat(fromB.discardRate()).isZero();
            assertThat(fromB.rFactor()).isBetween(65, 69);
            assertThat(fromB.mosLq()).isBetween(33, 36);
            assertThat(fromB.roundTripDelayMs()).isBetween(1, 5);
            // every 10th lost, 9 received between: one burst of L (R9 L)* with density 1/10
            assertThat(fromB.burstDensity()).isBetween(24, 27);
            assertThat(fromB.endSystemDelayMs()).isEqualTo(fromB.jbNominalMs() + 20);
        }
    }

    @Nested
    class SourceIdentifiers {

        @Test
        void collisionSendsByeAndPicksANewSsrc() {
            Wire wire = new Wire();
            StreamEngine e = new StreamEngine(config(), wire, new SplittableRandom(4), Instant.EPOCH, 0);
            e.remote(B, B_RTCP);
            e.start(new ToneSource(1000, 8000, 0.5), new Collect(), 0);
            e.tick(TICK);
            long old = e.ssrc();
            byte[] clash = RtpPacket.of(false, 8, 1, 0, old, new byte[160]).toBytes();
            e.onRtp(clash, clash.length, TICK, new InetSocketAddress("127.0.0.1", 6000));
            assertThat(e.ssrc()).isNotEqualTo(old);
            assertThat(wire.rtcp).hasSize(1);
            RtcpCompound bye = parse(wire.rtcp.get(0));
            assertThat(bye.ssrc()).isEqualTo(old);
            assertThat(bye.byeSsrcs()).containsExactly(old);
            assertThat(e.stats().ssrcCollisions()).isEqualTo(1);
            assertThat(e.stats().packetsReceived()).isZero(); // the clashing packet is not ours to play
            e.tick(2 * TICK);
            RtpPacket next = RtpPacket.parse(wire.rtp.get(1), 0, wire.rtp.get(1).length);
            assertThat(next.ssrc()).isEqualTo(e.ssrc());
            assertThat(next.marker()).isTrue();
        }

        @Test
        void rtcpFromAnotherSourceWithOurSsrcIsACollisionToo() {
            Wire wire = new Wire();
            StreamEngine e = new StreamEngine(config(), wire, new SplittableRandom(5), Instant.EPOCH, 0);
            e.remote(B, B_RTCP);
            e.start(new ToneSource(1000, 8000, 0.5), new Collect(), 0);
            long old = e.ssrc();
            byte[] rr = new RtcpCompound(old, null, List.of(), "other", List.of(), null).toBytes();
            e.onRtcp(rr, rr.length, TICK, B_RTCP);
            assertThat(e.ssrc()).isNotEqualTo(old);
            assertThat(parse(wire.rtcp.get(0)).byeSsrcs()).containsExactly(old);
        }

        @Test
        void newRemoteSsrcStartsOverWithProbation() {
            Wire wire = new Wire();
            Collect sink = new Collect();
            StreamEngine e = new StreamEngine(config(), wire, new SplittableRandom(6), Instant.EPOCH, 0);
            e.remote(B, B_RTCP);
            e.start(new ToneSource(1000, 8000, 0.5), sink, 0);
            for (int i = 0; i < 5; i++) {
                byte[] p = RtpPacket.of(i == 0, 8, 100 + i, 160L * i, 0xAAAA, new byte[160]).toBytes();
                e.onRtp(p, p.length, i * TICK, B);
            }
            assertThat(e.stats().packetsReceived()).isEqualTo(4); // the first was probation (A.1)
            byte[] first = RtpPacket.of(true, 8, 7000, 99_999, 0xBBBB, new byte[160]).toBytes();
            e.onRtp(first, first.length, 5 * TICK, B);
            assertThat(e.stats().packetsReceived()).isEqualTo(4); // new source on probation
            byte[] second = RtpPacket.of(false, 8, 7001, 99_999 + 160, 0xBBBB, new byte[160]).toBytes();
            e.onRtp(second, second.length, 6 * TICK, B);
            RtpStreamStats st = e.stats();
            assertThat(st.packetsReceived()).isEqualTo(5);
            assertThat(st.packetsLost()).isZero(); // statistics of the new source only
            e.tick(3_000_000_000L); // a report is due by 3.08 s
            RtcpCompound rr = parse(wire.rtcp.get(0));
            assertThat(rr.reportBlocks()).singleElement().satisfies(b -> {
                assertThat(b.ssrc()).isEqualTo(0xBBBB);
                assertThat(b.extendedHighestSeq()).isEqualTo(7001);
            });
        }
    }

    @Nested
    @DisplayName("§6.3.7 leaving")
    class Leaving {

        @Test
        void inALargeSessionTheByeWaitsForTheBackOffTimer() {
            Wire wire = new Wire();
            Collect sink = new Collect();
            StreamEngine e = new StreamEngine(config(), wire, new SplittableRandom(10), Instant.EPOCH, 0);
            e.remote(B, B_RTCP);
            e.start(new ToneSource(1000, 8000, 0.5), sink, 0);
            e.tick(TICK);
            for (int i = 0; i < 60; i++) { // 61 members
                byte[] rr = new RtcpCompound(0x5000 + i, null, List.of(), "m" + i, List.of(), null).toBytes();
                e.onRtcp(rr, rr.length, TICK, B_RTCP);
            }
            int rtpBefore = wire.rtp.size();
            e.stop(2 * TICK);
            assertThat(e.stopped()).isFalse();
            assertThat(e.leaving()).isTrue();
            assertThat(wire.rtcp).isEmpty();
            long t = 2 * TICK;
            while (!e.stopped() && t < 60_000_000_000L) {
                t += TICK;
                e.tick(t);
            }
            assertThat(e.stopped()).isTrue();
            assertThat(sink.closed).isTrue();
            assertThat(wire.rtp).hasSize(rtpBefore); // no media while leaving
            assertThat(wire.rtcp).hasSize(1);
            assertThat(parse(wire.rtcp.get(0)).byeSsrcs()).containsExactly(e.ssrc());
            // the BYE compound alone sets the average: T ≥ 2.5 s × 0.5 / (e − 1.5) after the stop
            assertThat(t - 2 * TICK).isGreaterThanOrEqualTo((long) (1.25e9 / 1.21829));
        }

        @Test
        void inATwoPartySessionTheByeGoesAtOnce() {
            Wire wire = new Wire();
            StreamEngine e = new StreamEngine(config(), wire, new SplittableRandom(11), Instant.EPOCH, 0);
            e.remote(B, B_RTCP);
            e.start(new ToneSource(1000, 8000, 0.5), new Collect(), 0);
            e.tick(TICK);
            e.stop(2 * TICK);
            assertThat(e.stopped()).isTrue();
            assertThat(parse(wire.rtcp.get(0)).byeSsrcs()).containsExactly(e.ssrc());
        }

        @Test
        void whoNeverSentRtpOrRtcpSendsNoBye() {
            Wire wire = new Wire();
            StreamEngine e = new StreamEngine(config(), wire, new SplittableRandom(12), Instant.EPOCH, 0);
            e.remote(B, B_RTCP);
            e.direction(false, true);
            e.start(new ToneSource(1000, 8000, 0.5), new Collect(), 0);
            e.tick(TICK);
            e.stop(2 * TICK);
            assertThat(e.stopped()).isTrue();
            assertThat(wire.rtcp).isEmpty();
            assertThat(wire.rtp).isEmpty();
        }

        @Test
        void aRemoteByeLeavesTheMemberTable() {
            Pair pair = new Pair();
            pair.run(50);
            assertThat(pair.a.rtcpMembers()).isEqualTo(2);
            byte[] bye = new RtcpCompound(pair.b.ssrc(), null, List.of(), "test", List.of(pair.b.ssrc()), null).toBytes();
            pair.a.onRtcp(bye, bye.length, 51 * TICK, B_RTCP);
            assertThat(pair.a.rtcpMembers()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("RFC 5761 rtcp-mux")
    class RtcpMux {

        @Test
        void rtcpGoesToTheRtpPortAndIsDemultiplexedFromIt() {
            Wire wa = new Wire();
            Wire wb = new Wire();
            StreamEngine a = new StreamEngine(config(), wa, new SplittableRandom(7), Instant.EPOCH, 0);
            StreamEngine b = new StreamEngine(config(), wb, new SplittableRandom(8), Instant.EPOCH, 0);
            a.rtcpMux(true);
            b.rtcpMux(true);
            a.remote(B, B_RTCP);
            b.remote(A, A_RTCP);
            a.start(new ToneSource(1000, 8000, 0.5), new Collect(), 0);
            b.start(new ToneSource(400, 8000, 0.5), new Collect(), 0);
            int ra = 0;
            int rb = 0;
            int rtcpSeen = 0;
            for (int i = 1; i <= 15 * 50; i++) {
                long now = i * TICK;
                a.tick(now);
                b.tick(now);
                while (ra < wa.rtp.size()) {
                    byte[] p = wa.rtp.get(ra);
                    assertThat(wa.rtpTo.get(ra++)).isEqualTo(B);
                    if ((p[1] & 0xFF) >= 200 && (p[1] & 0xFF) <= 207) {
                        rtcpSeen++;
                    }
                    b.onRtp(p, p.length, now + 1_000_000, A);
                }
                while (rb < wb.rtp.size()) {
                    byte[] p = wb.rtp.get(rb++);
                    a.onRtp(p, p.length, now + 1_000_000, B);
                }
            }
            assertThat(wa.rtcp).isEmpty(); // nothing on the RTCP socket
            assertThat(rtcpSeen).isGreaterThanOrEqualTo(2);
            assertThat(a.stats().lastRemoteReport()).isNotNull(); // B's reports, read from the RTP port
            assertThat(a.stats().rttMs()).isPresent();
            assertThat(b.stats().malformed()).isZero(); // no RTCP taken for RTP
            assertThat(b.remoteRtcp()).isEqualTo(A_RTCP); // not latched: RTCP follows RTP
        }

        @Test
        void withoutMuxRtcpOnTheRtpPortIsNotRtp() {
            Wire wire = new Wire();
            StreamEngine e = new StreamEngine(config(), wire, new SplittableRandom(9), Instant.EPOCH, 0);
            e.remote(B, B_RTCP);
            byte[] rr = new RtcpCompound(0x1234, null, List.of(), "x", List.of(), null).toBytes();
            e.onRtp(rr, rr.length, 0, B);
            assertThat(e.stats().malformed()).isEqualTo(1);
            assertThat(e.stats().lastRemoteReport()).isNull();
        }
    }
}
