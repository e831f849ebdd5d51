package io.dialtone.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * G.711 frame encode/decode, Dialtone against the plain table reference of {@link G711Benchmark} (the same
 * methods, the same frames), timed on <em>thread CPU time</em> in interleaved rounds: each round runs every
 * variant once for a batch of frames, so a burst of load from other processes falls on all of them alike,
 * and time spent descheduled is not counted. A companion to the JMH run for a shared machine, where JMH's
 * wall-clock averages swing with the neighbours' load.
 *
 * <p>Run: {@code taskset -c 1 java -cp benchmarks/target/benchmarks.jar io.dialtone.benchmarks.G711CpuTime}
 * ({@code -Drounds=40 -Dbatch=100000}). Prints the median and quartiles of ns per frame and the ratio of
 * medians, Dialtone / reference (below 1 is faster).
 */
public final class G711CpuTime {

    private G711CpuTime() {
    }

    public static void main(String[] args) {
        int rounds = Integer.getInteger("rounds", 40);
        int batch = Integer.getInteger("batch", 100_000);
        G711Benchmark b = new G711Benchmark();
        b.setup();
        String[] names = {"μ-law encode", "μ-law decode", "A-law encode", "A-law decode"};
        IntSupplier[][] pairs = {
            {() -> b.dialtone_ulawEncode()[7], () -> b.table_ulawEncode()[7]},
            {() -> b.dialtone_ulawDecode()[7], () -> b.table_ulawDecode()[7]},
            {() -> b.dialtone_alawEncode()[7], () -> b.table_alawEncode()[7]},
            {() -> b.dialtone_alawDecode()[7], () -> b.table_alawDecode()[7]},
        };
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[][][] ns = new double[pairs.length][2][rounds];
        long sink = 0;
        for (int round = -rounds / 4; round < rounds; round++) { // the first quarter warms up
            for (int p = 0; p < pairs.length; p++) {
                for (int v = 0; v < 2; v++) {
                    IntSupplier op = pairs[p][v];
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < batch; i++) {
                        sink += op.getAsInt();
                    }
                    long t1 = mx.getCurrentThreadCpuTime();
                    if (round >= 0) {
                        ns[p][v][round] = (double) (t1 - t0) / batch;
                    }
                }
            }
        }
        System.out.println("| operation | Dialtone ns/frame (p25–p75) | table reference ns/frame (p25–p75) | Dialtone / reference |");
        System.out.println("|---|---|---|---|");
        for (int p = 0; p < pairs.length; p++) {
            double[] d = ns[p][0];
            double[] r = ns[p][1];
            Arrays.sort(d);
            Arrays.sort(r);
            System.out.printf("| %s | %.1f (%.1f–%.1f) | %.1f (%.1f–%.1f) | %.2f× |%n", names[p], d[rounds / 2],
                    d[rounds / 4], d[3 * rounds / 4], r[rounds / 2], r[rounds / 4], r[3 * rounds / 4],
                    d[rounds / 2] / r[rounds / 2]);
        }
        System.out.println("(checksum " + sink + ")");
    }
}
