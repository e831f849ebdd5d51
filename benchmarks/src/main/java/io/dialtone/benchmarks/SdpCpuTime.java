package io.dialtone.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * The SDP work of one UAS call ({@link SdpBenchmark}'s methods, the same offers), timed on
 * <em>thread CPU time</em> in interleaved rounds, as {@link G711CpuTime} times G.711: a companion to
 * the JMH run for a shared machine, where JMH's wall-clock averages swing with the neighbours' load.
 * Thread CPU time leaves out the garbage collector's work, which JMH's {@code -prof gc} B/op
 * accounts for.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.dialtone.benchmarks.SdpCpuTime}
 * ({@code -Drounds=40 -Dbatch=20000}). Prints the median and quartiles of CPU ns per operation.
 */
public final class SdpCpuTime {

    private SdpCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = Integer.getInteger("rounds", 40);
        int batch = Integer.getInteger("batch", 20_000);
        SdpBenchmark b = new SdpBenchmark();
        org.openjdk.jmh.infra.Blackhole bh = new org.openjdk.jmh.infra.Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        String[] names = {"uasCall", "parseOffer", "answerOffer", "answerOfferRich"};
        IntSupplier[] ops = {
            () -> { b.uasCall(bh); return 1; },
            () -> b.parseOffer().media().size(),
            () -> b.answerOffer().length,
            () -> b.answerOfferRich().length,
        };
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[][] ns = new double[ops.length][rounds];
        long sink = 0;
        for (int round = -rounds / 4; round < rounds; round++) { // the first quarter warms up
            for (int o = 0; o < ops.length; o++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < batch; i++) sink += ops[o].getAsInt();
                long t1 = mx.getCurrentThreadCpuTime();
                if (round >= 0) ns[o][round] = (t1 - t0) / (double) batch;
            }
        }
        for (int o = 0; o < ops.length; o++) {
            double[] v = ns[o];
            Arrays.sort(v);
            System.out.printf("%-16s %8.0f ns CPU/op  (quartiles %.0f .. %.0f)%n", names[o], v[rounds / 2], v[rounds / 4], v[3 * rounds / 4]);
        }
        if (sink == 42) System.out.println();                     // keeps the work observable
    }
}
