package io.dialtone.benchmarks;

import io.dialtone.codec.PcmaCodec;
import io.dialtone.codec.PcmuCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * G.711 encode/decode of one 20 ms frame (160 samples at 8 kHz).
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
    private final short[] pcm = new short[160];
    private final byte[] coded = new byte[160];

    public G711Benchmark() {
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (Math.sin(2 * Math.PI * 440 * i / 8000.0) * 12000);
        }
    }

    @Benchmark
    public byte[] dialtone_ulawEncodeFrame() {
        PcmuCodec.INSTANCE.encode(pcm, 0, 160, coded, 0);
        return coded;
    }

    @Benchmark
    public short[] dialtone_ulawDecodeFrame() {
        PcmuCodec.INSTANCE.decode(coded, 0, 160, pcm, 0);
        return pcm;
    }

    @Benchmark
    public byte[] dialtone_alawEncodeFrame() {
        PcmaCodec.INSTANCE.encode(pcm, 0, 160, coded, 0);
        return coded;
    }
}
