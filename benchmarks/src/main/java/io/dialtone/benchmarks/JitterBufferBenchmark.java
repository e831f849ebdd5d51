package io.dialtone.benchmarks;

import io.dialtone.rtp.JitterBuffer;
import java.util.SplittableRandom;
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
 * Jitter buffer put + poll of one 20 ms G.711 frame (160-byte payload), the steady-state receive path
 * of a stream (issue 5: ≤ 0.5 µs per packet with 5 % reordering, 0 bytes allocated per frame).
 * Arrival order is precomputed: in the reordering case 5 % of packets swap places with the next one.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar JitterBufferBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JitterBufferBenchmark {

    private static final int ORDER_LEN = 1 << 12;

    private final byte[] payload = new byte[160];
    private final byte[] out = new byte[1500];
    private final int[] inOrder = new int[ORDER_LEN];
    private final int[] reordered = new int[ORDER_LEN];
    private JitterBuffer inOrderBuffer;
    private JitterBuffer reorderBuffer;
    private int i;
    private int j;
    private int baseIn;
    private int baseRe;

    /** Builds the arrival orders and two buffers with the stream defaults (60..500 ms). */
    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int k = 0; k < ORDER_LEN; k++) {
            inOrder[k] = k;
            reordered[k] = k;
        }
        for (int k = 0; k < ORDER_LEN - 2; k++) {
            if (rnd.nextDouble() < 0.05 && reordered[k] == k) {
                reordered[k] = k + 1;
                reordered[k + 1] = k;
                k++;
            }
        }
        for (int k = 0; k < payload.length; k++) {
            payload[k] = (byte) (0x55 ^ k);
        }
        inOrderBuffer = new JitterBuffer(20, 160, 3, 25);
        reorderBuffer = new JitterBuffer(20, 160, 3, 25);
    }

    private static JitterBuffer.Playout putGet(JitterBuffer jb, int seq, byte[] payload, byte[] out) {
        jb.put(seq & 0xFFFF, (160L * seq) & 0xFFFFFFFFL, false, payload, 0, payload.length);
        return jb.poll(out);
    }

    /** One packet put in order, one frame polled. */
    @Benchmark
    public JitterBuffer.Playout dialtone_putGetInOrder() {
        int seq = baseIn + inOrder[i];
        if (++i == ORDER_LEN) {
            i = 0;
            baseIn += ORDER_LEN;
        }
        return putGet(inOrderBuffer, seq, payload, out);
    }

    /** One packet put with 5 % of packets swapped with their successor, one frame polled. */
    @Benchmark
    public JitterBuffer.Playout dialtone_putGet5PctReorder() {
        int seq = baseRe + reordered[j];
        if (++j == ORDER_LEN) {
            j = 0;
            baseRe += ORDER_LEN;
        }
        return putGet(reorderBuffer, seq, payload, out);
    }
}
