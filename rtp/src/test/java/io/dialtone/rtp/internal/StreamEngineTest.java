package io.dialtone.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialtone.codec.PcmaCodec;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.RtcpCompound;
import io.dialtone.rtp.RtpPacket;
import io.dialtone.rtp.RtpStreamConfig;
import io.dialtone.rtp.RtpStreamStats;
import io.dialtone.rtp.ToneSource;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Two engines wired back to back on virtual time: RFC 3550 §5.1 packetisation, §6.4 reports. */
class StreamEngineTest {

    private static final long TICK = 20_000_000L;
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 4000);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 5000);

    static final class Wire implements PacketSender {
        final List<byte[]> rtp = new ArrayList<>();
        final List<byte[]> rtcp = new ArrayList<>();
        final List<InetSocketAddress> rtpTo = new ArrayList<>();
        final List<InetSocketAddress> connects = new ArrayList<>();

        @Override
        public void sendRtp(byte[] buf, int off, int len, InetSocketAddress to) {
            rtp.add(java.util.Arrays.copyOfRange(buf, off, off + len)); // the engine reuses buf
            rtpTo.add(to);
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len, InetSocketAddress to) {
            rtcp.add(java.util.Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public boolean connectRtp(InetSocketAddress remote) {
            connects.add(remote);
            return true;
        }
    }

    static final class Collect implements AudioSink {
        final List<short[]> frames = new ArrayList<>();
        boolean closed;

        @Override
        public void write(short[] frame, int samples) {
            frames.add(java.util.Arrays.copyOf(frame, samples));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static RtpStreamConfig config() {
        return RtpStreamConfig.builder().codec(PcmaCodec.INSTANCE).payloadType(8).cname("test").build();
    }

    @Test
    void packetisesEveryTickWithMarkerOnFirst() {
        Wire wire = new Wire();
        StreamEngine e = new StreamEngine(config(), wire, new SplittableRandom(1), Instant.EPOCH, 0);
        e.remote(B, new InetSocketAddress("127.0.0.1", 5001));
        e.start(new ToneSource(1000, 8000, 0.5), new Collect(), 0);
        for (int i = 1; i <= 3; i++) {
            e.tick(i * TICK);
        }
        assertThat(wire.rtp).hasSize(3);
        RtpPacket p0 = RtpPacket.parse(wire.rtp.get(0), 0, wire.rtp.get(0).length);
        RtpPacket p1 = RtpPacket.parse(wire.rtp.get(1), 0, wire.rtp.get(1).length);
        assertThat(p0.marker()).isTrue();
        assertThat(p1.marker()).isFalse();
        assertThat(p0.payloadType()).isEqualTo(8);
        assertThat(p0.payloadLength()).isEqualTo(160);
        assertThat(p1.sequenceNumber()).isEqualTo((p0.sequenceNumber() + 1) & 0xFFFF);
        assertThat(p1.timestamp()).isEqualTo((p0.timestamp() + 160) & 0xFFFFFFFFL);
        assertThat(p0.ssrc()).isEqualTo(e.ssrc());
        assertThat(wire.rtpTo).containsOnly(B);
    }

    @Test
    void backToBackEnginesPlayReportAndSayBye() {
        Wire wa = new Wire();
        Wire wb = new Wire();
        StreamEngine a = new StreamEngine(config(), wa, new SplittableRandom(1), Instant.parse("2026-01-01T00:00:00Z"), 0);
        StreamEngine b = new StreamEngine(config(), wb, new SplittableRandom(2), Instant.parse("2026-01-01T00:00:00Z"), 0);
        a.remote(B, new InetSocketAddress("127.0.0.1", 5001));
        b.remote(new InetSocketAddress("127.0.0.1", 9999), new InetSocketAddress("127.0.0.1", 9998)); // wrong: latching fixes it
        Collect sinkA = new Collect();
        Collect sinkB = new Collect();
        a.start(new ToneSource(1000, 8000, 0.5), sinkA, 0);
        b.start(new ToneSource(400, 8000, 0.5), sinkB, 0);
        int rtpA = 0;
        int rtpB = 0;
        int rtcpA = 0;
        int rtcpB = 0;
        for (int i = 1; i <= 500; i++) { // 10 s of virtual time
            long now = i * TICK;
            a.tick(now);
            b.tick(now);
            while (rtpA < wa.rtp.size()) {
                byte[] p = wa.rtp.get(rtpA++);
                if (rtpA % 10 != 0) { // drop every 10th packet of A
                    b.onRtp(p, p.length, now + 1_000_000, A);
                }
            }
            while (rtpB < wb.rtp.size()) {
                byte[] p = wb.rtp.get(rtpB++);
                a.onRtp(p, p.length, now + 1_000_000, B);
            }
            while (rtcpA < wa.rtcp.size()) {
                byte[] p = wa.rtcp.get(rtcpA++);
                b.onRtcp(p, p.length, now + 1_000_000, new InetSocketAddress("127.0.0.1", 4001));
            }
            while (rtcpB < wb.rtcp.size()) {
                byte[] p = wb.rtcp.get(rtcpB++);
                a.onRtcp(p, p.length, now + 1_000_000, new InetSocketAddress("127.0.0.1", 5001));
            }
        }
        assertThat(b.remoteRtp()).isEqualTo(A); // symmetric RTP
        assertThat(wb.connects).containsExactly(A); // and, once A settled, its socket connected to A
        assertThat(wa.connects).containsExactly(B);
        assertThat(b.remoteRtcp()).isEqualTo(new InetSocketAddress("127.0.0.1", 4001));
        RtpStreamStats sa = a.stats();
        RtpStreamStats sb = b.stats();
        assertThat(sa.packetsSent()).isEqualTo(500);
        assertThat(sa.octetsSent()).isEqualTo(500 * 160);
        assertThat(sb.packetsReceived()).isEqualTo(449); // the first is A.1 probation
        assertThat(sb.packetsLost()).isBetween(49L, 50L);
        assertThat(sb.jitterBuffer().lost()).isBetween(48L, 50L);
        assertThat(sa.packetsLost()).isZero();
        assertThat(wa.rtcp).isNotEmpty();
        // A hears what B reported about A's stream: 10 % loss, and an RTT from LSR/DLSR of ~2 ms.
        assertThat(sa.lastRemoteReport()).isNotNull();
        assertThat(sa.lastRemoteReport().fractionLost()).isBetween(0.08, 0.12);
        assertThat(sa.lastRemoteReport().cumulativeLost()).isGreaterThan(0);
        assertThat(sa.lastRemoteReport().rttMs()).isBetween(0.0, 25.0);
        // B's sink heard A's 1000 Hz tone.
        short[] frame = sinkB.frames.get(250);
        assertThat(io.dialtone.rtp.GoertzelAccess.power(frame, 1000))
                .isGreaterThan(100 * io.dialtone.rtp.GoertzelAccess.power(frame, 400));

        a.stop(10_100_000_000L);
        RtcpCompound bye = RtcpCompound.parse(wa.rtcp.get(wa.rtcp.size() - 1), 0, wa.rtcp.get(wa.rtcp.size() - 1).length);
        assertThat(bye.isBye()).isTrue();
        assertThat(bye.byeSsrcs()).containsExactly(a.ssrc());
        assertThat(bye.cname()).isEqualTo("test");
        assertThat(sinkA.closed).isTrue();
    }

    @Test
    void firstReportIsAReceiverReportWhenNothingSent() {
        Wire wire = new Wire();
        StreamEngine e = new StreamEngine(config(), wire, new SplittableRandom(3), Instant.EPOCH, 0);
        e.remote(B, new InetSocketAddress("127.0.0.1", 5001));
        e.direction(false, true);
        e.start(new ToneSource(1000, 8000, 0.5), new Collect(), 0);
        for (int i = 1; i <= 200; i++) { // 4 s: the first report is due within 2.5 s × [0.5, 1.5] / (e − 1.5) = 1.03..3.08 s
            e.tick(i * TICK);
        }
        assertThat(wire.rtp).isEmpty();
        assertThat(wire.rtcp).hasSize(1);
        RtcpCompound rr = RtcpCompound.parse(wire.rtcp.get(0), 0, wire.rtcp.get(0).length);
        assertThat(rr.isSenderReport()).isFalse();
        assertThat(rr.ssrc()).isEqualTo(e.ssrc());
    }
}
