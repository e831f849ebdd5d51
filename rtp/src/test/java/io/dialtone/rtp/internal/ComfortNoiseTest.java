package io.dialtone.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialtone.codec.PcmuCodec;
import io.dialtone.rtp.RtpPacket;
import io.dialtone.rtp.RtpStreamConfig;
import io.dialtone.rtp.SilenceSource;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 3389 comfort noise received by {@link StreamEngine}, on virtual time. */
@DisplayName("RFC 3389 comfort noise")
class ComfortNoiseTest {

    private static final long TICK = 20_000_000L;
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 5000);

    private final StreamEngineTest.Collect sink = new StreamEngineTest.Collect();
    private final StreamEngine engine;
    private int seq = 10;
    private long ts = 8000;
    private long now;

    ComfortNoiseTest() {
        RtpStreamConfig cfg = RtpStreamConfig.builder().codec(PcmuCodec.INSTANCE).telephoneEventPayloadType(101)
                .cname("test").build();
        engine = new StreamEngine(cfg, new StreamEngineTest.Wire(), new SplittableRandom(3), Instant.EPOCH, 0);
        engine.start(SilenceSource.INSTANCE, sink, 0);
    }

    /** One packet interval: a packet (or none) arrives, then the clock ticks. */
    private void interval(RtpPacket p) {
        now += TICK;
        if (p != null) {
            byte[] b = p.toBytes();
            engine.onRtp(b, b.length, now, PEER);
        }
        engine.tick(now);
    }

    private RtpPacket tone(boolean marker) {
        byte[] pl = new byte[160];
        short[] pcm = new short[160];
        for (int i = 0; i < 160; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * (ts + i) / 8000));
        }
        PcmuCodec.INSTANCE.encode(pcm, 0, 160, pl, 0);
        RtpPacket p = RtpPacket.of(marker, 0, seq++, ts, 0x55L, pl);
        ts += 160;
        return p;
    }

    private static double rms(List<short[]> frames) {
        double sum = 0;
        long n = 0;
        for (short[] f : frames) {
            for (short s : f) {
                sum += (double) s * s;
                n++;
            }
        }
        return Math.sqrt(sum / n);
    }

    @Test
    void comfortNoiseFillsTheSilenceAtItsLevelAndAudioResumes() {
        for (int i = 0; i < 50; i++) {
            interval(tone(i == 0));
        }
        // §4: CN at 40 -dBov, its timestamp where the silence starts; then the sender is silent for 2 s
        interval(RtpPacket.of(false, 13, seq++, ts, 0x55L, new byte[] {40}));
        int silenceStart = sink.frames.size() + 10; // the frames still buffered have played by then
        for (int i = 0; i < 100; i++) {
            interval(null);
            ts += 160;
        }
        List<short[]> silence = sink.frames.subList(silenceStart, sink.frames.size());
        double expected = 32767 / Math.sqrt(2) * Math.pow(10, -40 / 20.0);
        assertThat(rms(silence)).as("noise at −40 dBov").isBetween(expected * 0.8, expected * 1.2);
        assertThat(silence).noneMatch(f -> rms(List.of(f)) < expected / 2); // no gap of silence
        assertThat(engine.stats().malformed()).isZero();
        assertThat(engine.stats().comfortNoise()).isEqualTo(1);

        int talk = sink.frames.size();
        for (int i = 0; i < 30; i++) {
            interval(tone(i == 0));
        }
        List<short[]> resumed = sink.frames.subList(talk + 10, sink.frames.size());
        assertThat(rms(resumed)).as("the tone again, not noise").isGreaterThan(4000);
        assertThat(engine.stats().malformed()).isZero();
    }

    @Test
    void emptyComfortNoisePacketIsMalformed() {
        interval(tone(true));
        interval(RtpPacket.of(false, 13, seq++, ts, 0x55L, new byte[0]));
        assertThat(engine.stats().malformed()).isEqualTo(1);
    }
}
