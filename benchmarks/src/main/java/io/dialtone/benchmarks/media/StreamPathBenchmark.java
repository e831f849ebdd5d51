package io.dialtone.benchmarks.media;

import io.dialtone.codec.PcmuCodec;
import io.dialtone.rtp.AudioSource;
import io.dialtone.rtp.EchoAudio;
import io.dialtone.rtp.RtpStreamConfig;
import io.dialtone.rtp.internal.PacketSender;
import io.dialtone.rtp.internal.StreamEngine;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The socket-free part of the per-packet path that {@link RtpLoad} measures with sockets: two
 * {@code StreamEngine}s back to back, as one pair of {@code RtpLoad}'s streams (PCMU, 20 ms, A sends a
 * tone, B echoes what it plays). One operation is one media-clock tick of both engines and the delivery
 * of the packet each sent to the other: parse, SSRC/sequence checks, statistics, RTCP accounting, jitter
 * buffer, playout with decode and PLC, the source read, encode, packetize, and the hand-off to the sender
 * (which copies the datagram, as the socket sender does). Reported per packet (two per operation).
 * {@code pairs} = 1 keeps everything in cache; 250 serves 250 pairs in turn, as the media clock serves a
 * loop's streams, so each pair's state comes from further out in the memory hierarchy.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar StreamPathBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StreamPathBenchmark {

    private static final long TICK = 20_000_000L;
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 4000);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 5000);

    /** Keeps the last datagram sent, copied, as a socket would take it. */
    static final class LastPacket implements PacketSender {
        final byte[] rtp = new byte[2048];
        int rtpLength;
        final byte[] rtcp = new byte[2048];
        int rtcpLength;

        @Override
        public void sendRtp(byte[] buf, int off, int len, InetSocketAddress to) {
            System.arraycopy(buf, off, rtp, 0, len);
            rtpLength = len;
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len, InetSocketAddress to) {
            System.arraycopy(buf, off, rtcp, 0, len);
            rtcpLength = len;
        }
    }

    /** The tone of {@code RtpLoad}'s side A: a 160-sample table, 440 Hz. */
    static final class Tone implements AudioSource {
        private final short[] tone = new short[160];

        Tone() {
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (short) (Math.sin(2 * Math.PI * 440 * i / 8000.0) * 8000);
            }
        }

        @Override
        public boolean read(short[] frame, int samples) {
            System.arraycopy(tone, 0, frame, 0, samples);
            return true;
        }
    }

    /** One pair of engines with their wires and their own clock. */
    static final class Pair {
        final LastPacket wa = new LastPacket();
        final LastPacket wb = new LastPacket();
        final StreamEngine a;
        final StreamEngine b;
        long now;

        Pair(int seed) {
            RtpStreamConfig cfg = RtpStreamConfig.builder().codec(PcmuCodec.INSTANCE).payloadType(0).cname("bench")
                    .jitterBufferDelayMs(60).build();
            a = new StreamEngine(cfg, wa, new SplittableRandom(2 * seed), Instant.EPOCH, 0);
            b = new StreamEngine(cfg, wb, new SplittableRandom(2 * seed + 1), Instant.EPOCH, 0);
            a.remote(B, new InetSocketAddress("127.0.0.1", 5001));
            b.remote(A, new InetSocketAddress("127.0.0.1", 4001));
            EchoAudio echo = new EchoAudio(1600);
            a.start(new Tone(), new EchoAudio(1600), 0);
            b.start(echo, echo, 0);
        }

        void exchange() {
            now += TICK;
            wa.rtpLength = 0;
            wb.rtpLength = 0;
            wa.rtcpLength = 0;
            wb.rtcpLength = 0;
            a.tick(now);
            b.tick(now);
            long arrival = now + 1_000_000;
            if (wa.rtpLength > 0) {
                b.onRtp(wa.rtp, wa.rtpLength, arrival, A);
            }
            if (wb.rtpLength > 0) {
                a.onRtp(wb.rtp, wb.rtpLength, arrival, B);
            }
            if (wa.rtcpLength > 0) {
                b.onRtcp(wa.rtcp, wa.rtcpLength, arrival, A);
            }
            if (wb.rtcpLength > 0) {
                a.onRtcp(wb.rtcp, wb.rtcpLength, arrival, B);
            }
        }
    }

    /**
     * Pairs served in turn, one per operation, as a media clock serves its streams: with 1 the pair's
     * state stays in the core's caches; with 250 (the load test's 250 streams per side) each pair's
     * state has been pushed out by the others' by the time its turn comes again.
     */
    @Param({"1", "250"})
    public int pairs;

    private Pair[] all;
    private int next;

    /** Started engines, a second of traffic each to fill the jitter buffers. */
    @Setup
    public void setup() {
        all = new Pair[pairs];
        for (int i = 0; i < pairs; i++) {
            all[i] = new Pair(i + 1);
            for (int t = 0; t < 50; t++) {
                all[i].exchange();
            }
        }
    }

    /** One tick of a pair's two engines and both packets delivered: reported per packet. */
    @Benchmark
    @OperationsPerInvocation(2)
    public long tickAndDeliver() {
        Pair p = all[next];
        next = next + 1 == all.length ? 0 : next + 1;
        p.exchange();
        return p.now;
    }
}
