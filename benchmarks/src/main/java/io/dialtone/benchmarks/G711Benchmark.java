package io.dialtone.benchmarks;

import io.dialtone.codec.PcmaCodec;
import io.dialtone.codec.PcmuCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.spi.FormatConversionProvider;
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
 * G.711 encode/decode of one 20 ms frame (160 samples at 8 kHz), three ways in one run (issue 5,
 * "Performance"):
 *
 * <ul>
 *   <li>{@code dialtone_*}: {@link PcmuCodec} / {@link PcmaCodec}, the path a stream takes: decode through
 *       a 256-entry table, encode through a 65536-entry table indexed by the sample's 16 bits read as
 *       unsigned (no shift or mask, and no bounds check: the JIT reads the {@code short} zero-extended).</li>
 *   <li>{@code table_*}: the plain reference written here: a 256-entry decode table and an encode table
 *       indexed by the shifted sample ({@code >> 2}, 16384 entries, for μ-law; {@code >> 3}, 8192
 *       entries, for A-law), built from the classic {@code g711.c} compressors below, one loop.</li>
 *   <li>{@code javasound_*}: the JDK's μ-law codec ({@code javax.sound.sampled}, A-law is the same
 *       class). The cheapest faithful use is measured: the JDK's {@link FormatConversionProvider} for
 *       PCM ↔ ULAW is looked up once (as {@link AudioSystem#getAudioInputStream(AudioFormat, AudioInputStream)}
 *       does on every call), and one long-lived converting stream is fed frame by frame, as a
 *       streaming application would; the PCM16 {@code short[]} ↔ byte conversion JavaSound needs is
 *       included, since the frame is a {@code short[]} in both other paths. {@code javasound_*PerFrame}
 *       shows the per-frame use the brief named: {@code AudioSystem.getAudioInputStream} over a new
 *       {@code ByteArrayInputStream} for each frame.</li>
 * </ul>
 *
 * <p>Nothing is asserted in the measured methods; {@link #setup()} prints (once) how many of the 65536
 * inputs / 256 codes each reference disagrees with Dialtone on, so a wrong reference would show.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar G711Benchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class G711Benchmark {

    private static final int FRAME = 160;

    // ---- plain table reference (classic g711.c, tables built once) ----
    private static final short[] SEG_UEND = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
    private static final short[] SEG_AEND = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};

    private static final short[] ULAW_DECODE = new short[256];
    private static final short[] ALAW_DECODE = new short[256];
    private static final byte[] ULAW_ENCODE = new byte[1 << 14];
    private static final byte[] ALAW_ENCODE = new byte[1 << 13];

    static {
        for (int c = 0; c < 256; c++) {
            ULAW_DECODE[c] = (short) ulaw2linear(c);
            ALAW_DECODE[c] = (short) alaw2linear(c);
        }
        for (int i = 0; i < ULAW_ENCODE.length; i++) {
            ULAW_ENCODE[i] = (byte) linear2ulaw((short) (i << 2));
        }
        for (int i = 0; i < ALAW_ENCODE.length; i++) {
            ALAW_ENCODE[i] = (byte) linear2alaw((short) (i << 3));
        }
    }

    private static int search(int val, short[] table) {
        for (int i = 0; i < table.length; i++) {
            if (val <= table[i]) {
                return i;
            }
        }
        return table.length;
    }

    /** g711.c linear2ulaw, on a 16-bit sample. */
    private static int linear2ulaw(short pcm) {
        int val = pcm >> 2;
        int mask;
        if (val < 0) {
            val = -val;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        if (val > 8159) {
            val = 8159;
        }
        val += 0x84 >> 2;
        int seg = search(val, SEG_UEND);
        if (seg >= 8) {
            return 0x7F ^ mask;
        }
        return ((seg << 4) | ((val >> (seg + 1)) & 0xF)) ^ mask;
    }

    /** g711.c ulaw2linear. */
    private static int ulaw2linear(int u) {
        u = ~u & 0xFF;
        int t = ((u & 0x0F) << 3) + 0x84;
        t <<= (u & 0x70) >> 4;
        return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
    }

    /** g711.c linear2alaw, on a 16-bit sample. */
    private static int linear2alaw(short pcm) {
        int val = pcm >> 3;
        int mask;
        if (val >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            val = -val - 1;
        }
        int seg = search(val, SEG_AEND);
        if (seg >= 8) {
            return 0x7F ^ mask;
        }
        int aval = seg << 4;
        aval |= seg < 2 ? (val >> 1) & 0xF : (val >> seg) & 0xF;
        return aval ^ mask;
    }

    /** g711.c alaw2linear. */
    private static int alaw2linear(int a) {
        a = (a ^ 0x55) & 0xFF;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (a & 0x80) != 0 ? t : -t;
    }

    // ---- state ----
    private final short[] pcm = new short[FRAME];
    private final short[] pcmOut = new short[FRAME];
    private final byte[] ulaw = new byte[FRAME];
    private final byte[] alaw = new byte[FRAME];
    private final byte[] coded = new byte[FRAME];

    // JavaSound
    private static final AudioFormat PCM_FORMAT = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, 8000f, 16, 1, 2,
            8000f, false);
    private static final AudioFormat ULAW_FORMAT = new AudioFormat(AudioFormat.Encoding.ULAW, 8000f, 8, 1, 1, 8000f,
            false);
    private final byte[] pcmBytes = new byte[2 * FRAME];
    private final byte[] pcmBytesOut = new byte[2 * FRAME];
    private final FrameFeed encodeFeed = new FrameFeed();
    private final FrameFeed decodeFeed = new FrameFeed();
    private AudioInputStream encoder;
    private AudioInputStream decoder;

    /**
     * An input stream refilled with one frame at a time: what a streaming application puts under a
     * long-lived JavaSound converting stream. Never reports end of stream.
     */
    static final class FrameFeed extends InputStream {
        private byte[] buf = new byte[0];
        private int pos;

        void frame(byte[] frame) {
            buf = frame;
            pos = 0;
        }

        @Override
        public int read() {
            return pos < buf.length ? buf[pos++] & 0xFF : 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = Math.min(len, buf.length - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return buf.length - pos;
        }
    }

    /** Fills the frame (440 Hz at about −8 dBFS), encodes it, opens the JavaSound streams, checks the references. */
    @Setup
    public void setup() {
        for (int i = 0; i < FRAME; i++) {
            pcm[i] = (short) (Math.sin(2 * Math.PI * 440 * i / 8000.0) * 12000);
        }
        PcmuCodec.INSTANCE.encode(pcm, 0, FRAME, ulaw, 0);
        PcmaCodec.INSTANCE.encode(pcm, 0, FRAME, alaw, 0);
        FormatConversionProvider provider = ulawProvider();
        encoder = provider.getAudioInputStream(AudioFormat.Encoding.ULAW,
                new AudioInputStream(encodeFeed, PCM_FORMAT, AudioSystem.NOT_SPECIFIED));
        decoder = provider.getAudioInputStream(AudioFormat.Encoding.PCM_SIGNED,
                new AudioInputStream(decodeFeed, ULAW_FORMAT, AudioSystem.NOT_SPECIFIED));
        checkReferences();
    }

    private static FormatConversionProvider ulawProvider() {
        for (FormatConversionProvider p : ServiceLoader.load(FormatConversionProvider.class)) {
            if (p.isConversionSupported(ULAW_FORMAT, PCM_FORMAT) && p.isConversionSupported(PCM_FORMAT, ULAW_FORMAT)) {
                return p;
            }
        }
        throw new IllegalStateException("no JavaSound PCM <-> ULAW converter");
    }

    private void checkReferences() {
        short[] all = new short[1];
        byte[] one = new byte[1];
        int tableU = 0;
        int tableA = 0;
        int soundU = 0;
        for (int s = Short.MIN_VALUE; s <= Short.MAX_VALUE; s++) {
            all[0] = (short) s;
            PcmuCodec.INSTANCE.encode(all, 0, 1, one, 0);
            tableU += ULAW_ENCODE[(s >> 2) & 0x3FFF] != one[0] ? 1 : 0;
            PcmaCodec.INSTANCE.encode(all, 0, 1, one, 0);
            tableA += ALAW_ENCODE[(s >> 3) & 0x1FFF] != one[0] ? 1 : 0;
        }
        short[] dec = new short[256];
        byte[] codes = new byte[256];
        for (int c = 0; c < 256; c++) {
            codes[c] = (byte) c;
        }
        PcmuCodec.INSTANCE.decode(codes, 0, 256, dec, 0);
        int tableUd = 0;
        for (int c = 0; c < 256; c++) {
            tableUd += ULAW_DECODE[c] != dec[c] ? 1 : 0;
        }
        // JavaSound on this frame, both directions
        javasound_ulawEncode();
        for (int i = 0; i < FRAME; i++) {
            soundU += coded[i] != ulaw[i] ? 1 : 0;
        }
        javasound_ulawDecode();
        PcmuCodec.INSTANCE.decode(ulaw, 0, FRAME, dec, 0);
        int soundUd = 0;
        for (int i = 0; i < FRAME; i++) {
            soundUd += pcmOut[i] != dec[i] ? 1 : 0;
        }
        System.out.printf("%n[G711Benchmark] differences from Dialtone: table ulaw encode %d/65536, alaw encode %d/65536,"
                + " ulaw decode %d/256; javasound ulaw encode %d/160, decode %d/160 samples of the frame%n",
                tableU, tableA, tableUd, soundU, soundUd);
    }

    // ---- Dialtone ----

    @Benchmark
    public byte[] dialtone_ulawEncode() {
        PcmuCodec.INSTANCE.encode(pcm, 0, FRAME, coded, 0);
        return coded;
    }

    @Benchmark
    public short[] dialtone_ulawDecode() {
        PcmuCodec.INSTANCE.decode(ulaw, 0, FRAME, pcmOut, 0);
        return pcmOut;
    }

    @Benchmark
    public byte[] dialtone_alawEncode() {
        PcmaCodec.INSTANCE.encode(pcm, 0, FRAME, coded, 0);
        return coded;
    }

    @Benchmark
    public short[] dialtone_alawDecode() {
        PcmaCodec.INSTANCE.decode(alaw, 0, FRAME, pcmOut, 0);
        return pcmOut;
    }

    // ---- plain table reference ----

    @Benchmark
    public byte[] table_ulawEncode() {
        short[] in = pcm;
        byte[] out = coded;
        for (int i = 0; i < FRAME; i++) {
            out[i] = ULAW_ENCODE[(in[i] >> 2) & 0x3FFF];
        }
        return out;
    }

    @Benchmark
    public short[] table_ulawDecode() {
        byte[] in = ulaw;
        short[] out = pcmOut;
        for (int i = 0; i < FRAME; i++) {
            out[i] = ULAW_DECODE[in[i] & 0xFF];
        }
        return out;
    }

    @Benchmark
    public byte[] table_alawEncode() {
        short[] in = pcm;
        byte[] out = coded;
        for (int i = 0; i < FRAME; i++) {
            out[i] = ALAW_ENCODE[(in[i] >> 3) & 0x1FFF];
        }
        return out;
    }

    @Benchmark
    public short[] table_alawDecode() {
        byte[] in = alaw;
        short[] out = pcmOut;
        for (int i = 0; i < FRAME; i++) {
            out[i] = ALAW_DECODE[in[i] & 0xFF];
        }
        return out;
    }

    // ---- JDK javax.sound ----

    /** short[] frame → little-endian bytes → the long-lived JDK ULAW converting stream → 160 codes. */
    @Benchmark
    public byte[] javasound_ulawEncode() {
        for (int i = 0; i < FRAME; i++) {
            pcmBytes[2 * i] = (byte) pcm[i];
            pcmBytes[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        encodeFeed.frame(pcmBytes);
        readFully(encoder, coded);
        return coded;
    }

    /** 160 codes → the long-lived JDK PCM converting stream → little-endian bytes → short[] frame. */
    @Benchmark
    public short[] javasound_ulawDecode() {
        decodeFeed.frame(ulaw);
        readFully(decoder, pcmBytesOut);
        for (int i = 0; i < FRAME; i++) {
            pcmOut[i] = (short) ((pcmBytesOut[2 * i] & 0xFF) | (pcmBytesOut[2 * i + 1] << 8));
        }
        return pcmOut;
    }

    /** As {@link #javasound_ulawEncode} but with {@code AudioSystem.getAudioInputStream} per frame. */
    @Benchmark
    public byte[] javasound_ulawEncodePerFrame() {
        byte[] bytes = new byte[2 * FRAME];
        for (int i = 0; i < FRAME; i++) {
            bytes[2 * i] = (byte) pcm[i];
            bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        AudioInputStream src = new AudioInputStream(new ByteArrayInputStream(bytes), PCM_FORMAT, FRAME);
        readFully(AudioSystem.getAudioInputStream(AudioFormat.Encoding.ULAW, src), coded);
        return coded;
    }

    /** As {@link #javasound_ulawDecode} but with {@code AudioSystem.getAudioInputStream} per frame. */
    @Benchmark
    public short[] javasound_ulawDecodePerFrame() {
        AudioInputStream src = new AudioInputStream(new ByteArrayInputStream(ulaw), ULAW_FORMAT, FRAME);
        readFully(AudioSystem.getAudioInputStream(AudioFormat.Encoding.PCM_SIGNED, src), pcmBytesOut);
        for (int i = 0; i < FRAME; i++) {
            pcmOut[i] = (short) ((pcmBytesOut[2 * i] & 0xFF) | (pcmBytesOut[2 * i + 1] << 8));
        }
        return pcmOut;
    }

    private static void readFully(AudioInputStream in, byte[] out) {
        try {
            int n = 0;
            while (n < out.length) {
                int r = in.read(out, n, out.length - n);
                if (r <= 0) {
                    throw new IllegalStateException("JavaSound stream returned " + r + " after " + n + " bytes");
                }
                n += r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
