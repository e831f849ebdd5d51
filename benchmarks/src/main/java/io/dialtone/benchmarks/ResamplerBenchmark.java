package io.dialtone.benchmarks;

import io.dialtone.codec.Resampler;
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
 * Streaming resampling of one 20 ms frame between the rates an application may use (8, 16, 24,
 * 48 kHz mono PCM16), as {@code ResamplingSource}/{@code ResamplingSink} do once per packet
 * interval. Each method converts one frame of a speech-band signal, keeping filter history across
 * invocations; steady state allocates nothing (check with {@code -prof gc}).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ResamplerBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResamplerBenchmark {
    private final short[] frame8k = frame(8000);
    private final short[] frame16k = frame(16000);
    private final short[] frame24k = frame(24000);
    private final short[] frame48k = frame(48000);
    private final short[] out = new short[960];

    private final Resampler r8to16 = new Resampler(8000, 16000);
    private final Resampler r16to8 = new Resampler(16000, 8000);
    private final Resampler r8to48 = new Resampler(8000, 48000);
    private final Resampler r48to8 = new Resampler(48000, 8000);
    private final Resampler r24to8 = new Resampler(24000, 8000);
    private final Resampler r8to24 = new Resampler(8000, 24000);

    /** 20 ms of a 440 Hz + 1.9 kHz mix at {@code rateHz}. */
    private static short[] frame(int rateHz) {
        short[] f = new short[rateHz / 50];
        for (int i = 0; i < f.length; i++) {
            f[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / rateHz) + 4000 * Math.sin(2 * Math.PI * 1900 * i / rateHz));
        }
        return f;
    }

    @Benchmark
    public short[] dialtone_resample8to16() {
        r8to16.process(frame8k, 0, 160, out, 0);
        return out;
    }

    @Benchmark
    public short[] dialtone_resample16to8() {
        r16to8.process(frame16k, 0, 320, out, 0);
        return out;
    }

    @Benchmark
    public short[] dialtone_resample8to48() {
        r8to48.process(frame8k, 0, 160, out, 0);
        return out;
    }

    @Benchmark
    public short[] dialtone_resample48to8() {
        r48to8.process(frame48k, 0, 960, out, 0);
        return out;
    }

    @Benchmark
    public short[] dialtone_resample24to8() {
        r24to8.process(frame24k, 0, 480, out, 0);
        return out;
    }

    @Benchmark
    public short[] dialtone_resample8to24() {
        r8to24.process(frame8k, 0, 160, out, 0);
        return out;
    }
}
