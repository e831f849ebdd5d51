package io.dialtone.benchmarks;

import io.dialtone.rtp.RtcpCompound;
import io.dialtone.rtp.RtcpCompoundView;
import io.dialtone.rtp.RtcpReportBlock;
import io.dialtone.rtp.RtcpSenderInfo;
import io.dialtone.rtp.RtpPacket;
import io.dialtone.rtp.RtpPacketView;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RTP and RTCP parse and serialize (RFC 3550 §5.1, §6.1) with {@link RtpPacket} and {@link RtcpCompound},
 * on the packets a G.711 stream exchanges: a 172-byte RTP packet (12-byte header, 160-byte PCMU
 * payload) and the compound a stream sends every ~5 s (SR with one report block + SDES CNAME, 100 bytes
 * with a 36-character UUID CNAME).
 *
 * <p>Run with {@code -prof gc}: allocation is reported, not asserted. {@code RtpPacket.parse} builds an
 * immutable packet with a copied payload, so it allocates; the stream's paths use {@link RtpPacketView}
 * instead ({@code rtp_parseView}, {@code rtp_writeHeader}), which do not.
 *
 * <ul>
 *   <li>{@code rtp_parse}: {@code RtpPacket.parse} + reading the fields the receive path reads.</li>
 *   <li>{@code rtp_writeTo}: serialize a prebuilt packet into a reused buffer.</li>
 *   <li>{@code rtp_toBytes}: serialize into a new array, as the send path does.</li>
 *   <li>{@code rtp_packetize}: the send path {@code StreamEngine} had before it wrote in place:
 *       {@code RtpPacket.of(..., Arrays.copyOf(encoded, 160)).toBytes()}.</li>
 *   <li>{@code rtp_parseView}: {@code RtpPacketView.wrap} (the same validation as {@code parse}) + the
 *       same field reads: the receive path of {@code StreamEngine}.</li>
 *   <li>{@code rtp_writeHeader}: {@code RtpPacketView.writeHeader} + the payload copied after it into a
 *       reused buffer: the same work as {@code baseline_rtpWrite}; {@code StreamEngine} encodes the
 *       payload straight into that buffer instead of copying it.</li>
 *   <li>{@code baseline_rtpHeader}: a hand-written read of the fixed header and payload bounds with no
 *       object, and {@code baseline_rtpWrite}: header + payload written into a reused buffer: the floor.</li>
 *   <li>{@code rtcp_parse}, {@code rtcp_toBytes}: the SR + SDES compound, as immutable values.</li>
 *   <li>{@code rtcp_parseView}: {@code RtcpCompoundView.wrap} (the same validation) + what the stream reads
 *       of a peer's report: SSRC, LSR from the SR, and the report block about our SSRC, field by field.</li>
 *   <li>{@code rtcp_writeTo}: {@code RtcpCompound.writeTo} into a reused buffer, as the stream sends.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RtpBenchmark {

    private final byte[] payload = new byte[160];
    private byte[] rtpBytes;
    private RtpPacket packet;
    private final byte[] out = new byte[1500];
    private RtcpCompound compound;
    private byte[] rtcpBytes;
    private int seq;
    private final RtpPacketView view = new RtpPacketView();
    private final RtcpCompoundView rtcpView = new RtcpCompoundView();

    /** Builds the packets. */
    @Setup
    public void setup() {
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (0xFF - (i & 0x3F));
        }
        packet = RtpPacket.of(false, 0, 4711, 123_456_789L, 0x1234_5678L, payload);
        rtpBytes = packet.toBytes();
        RtcpSenderInfo si = new RtcpSenderInfo(0xE8A1_2345_6789_ABCDL, 987_654_321L, 2500, 400_000);
        RtcpReportBlock rb = new RtcpReportBlock(0x9ABC_DEF0L, 3, 12, 70_000, 40, 0x1234_5678L, 0x0001_8000L);
        compound = new RtcpCompound(0x1234_5678L, si, List.of(rb), "3f1c2e7a-5b6d-4c8e-9f0a-1b2c3d4e5f60",
                List.of(), null);
        rtcpBytes = compound.toBytes();
    }

    @Benchmark
    public long rtp_parse() {
        RtpPacket p = RtpPacket.parse(rtpBytes, 0, rtpBytes.length);
        return p.ssrc() + p.sequenceNumber() + p.timestamp() + p.payloadType() + p.payloadLength();
    }

    @Benchmark
    public long rtp_parseView() {
        RtpPacketView p = view.wrap(rtpBytes, 0, rtpBytes.length);
        return p.ssrc() + p.sequenceNumber() + p.timestamp() + p.payloadType() + p.payloadLength();
    }

    @Benchmark
    public byte[] rtp_writeHeader() {
        seq = (seq + 1) & 0xFFFF;
        byte[] o = out;
        int header = RtpPacketView.writeHeader(o, 0, false, 0, seq, 160L * seq, 0x1234_5678L);
        System.arraycopy(payload, 0, o, header, 160);
        return o;
    }

    @Benchmark
    public int rtp_writeTo() {
        return packet.writeTo(out, 0);
    }

    @Benchmark
    public byte[] rtp_toBytes() {
        return packet.toBytes();
    }

    @Benchmark
    public byte[] rtp_packetize() {
        seq = (seq + 1) & 0xFFFF;
        return RtpPacket.of(false, 0, seq, 160L * seq, 0x1234_5678L, Arrays.copyOf(payload, 160)).toBytes();
    }

    @Benchmark
    public long baseline_rtpHeader() {
        byte[] b = rtpBytes;
        int b0 = b[0] & 0xFF;
        int cc = b0 & 0x0F;
        int start = 12 + 4 * cc;
        int seqNo = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        long ts = ((long) (b[4] & 0xFF) << 24) | ((b[5] & 0xFF) << 16) | ((b[6] & 0xFF) << 8) | (b[7] & 0xFF);
        long ssrc = ((long) (b[8] & 0xFF) << 24) | ((b[9] & 0xFF) << 16) | ((b[10] & 0xFF) << 8) | (b[11] & 0xFF);
        return (b0 >> 6) + seqNo + ts + ssrc + (b[1] & 0x7F) + (b.length - start);
    }

    @Benchmark
    public byte[] baseline_rtpWrite() {
        seq = (seq + 1) & 0xFFFF;
        byte[] o = out;
        long ts = 160L * seq;
        o[0] = (byte) 0x80;
        o[1] = 0;
        o[2] = (byte) (seq >>> 8);
        o[3] = (byte) seq;
        o[4] = (byte) (ts >>> 24);
        o[5] = (byte) (ts >>> 16);
        o[6] = (byte) (ts >>> 8);
        o[7] = (byte) ts;
        o[8] = 0x12;
        o[9] = 0x34;
        o[10] = 0x56;
        o[11] = 0x78;
        System.arraycopy(payload, 0, o, 12, 160);
        return o;
    }

    @Benchmark
    public RtcpCompound rtcp_parse() {
        return RtcpCompound.parse(rtcpBytes, 0, rtcpBytes.length);
    }

    @Benchmark
    public byte[] rtcp_toBytes() {
        return compound.toBytes();
    }

    @Benchmark
    public long rtcp_parseView() {
        RtcpCompoundView c = rtcpView.wrap(rtcpBytes, 0, rtcpBytes.length);
        long sum = c.ssrc() + c.compactNtp();
        for (int i = 0; i < c.reportCount(); i++) {
            if (c.reportSsrc(i) == 0x9ABC_DEF0L) {
                sum += c.reportSsrc(i) + c.reportCount();
            }
        }
        return sum + (c.isBye() ? 1 : 0) + (c.hasVoipMetrics() ? 1 : 0);
    }

    @Benchmark
    public int rtcp_writeTo() {
        return compound.writeTo(out, 0);
    }
}
