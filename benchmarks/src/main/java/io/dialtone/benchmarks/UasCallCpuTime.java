package io.dialtone.benchmarks;

import org.openjdk.jmh.infra.Blackhole;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@link UasCallMessageBenchmark#uasCall} timed on <em>thread CPU time</em>: the message-layer work of one
 * SIPp {@code uac} call at the UAS, in rounds of a batch of calls, the first quarter of the rounds a
 * warm-up. Time spent descheduled is not counted, so the number holds on a shared, loaded machine where
 * JMH's wall-clock average swings with the neighbours.
 *
 * <p>With no arguments it times this build. Given the paths of benchmark jars (for example one built
 * from an older commit and this one), it loads {@code UasCallMessageBenchmark} from each jar in its own
 * class loader, so each runs its own copy of the stack, and interleaves them: every round runs a batch
 * on each, so a burst of load from other processes falls on all of them alike.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.dialtone.benchmarks.UasCallCpuTime
 * [old.jar new.jar]} ({@code -Drounds=40 -Dbatch=10000}). Prints the median and quartiles of µs of CPU
 * per call for each.
 */
public final class UasCallCpuTime {

    private UasCallCpuTime() {
    }

    public static void main(String[] args) throws Throwable {
        int rounds = Integer.getInteger("rounds", 40);
        int batch = Integer.getInteger("batch", 10_000);
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        String[] names = args.length == 0 ? new String[] {"this build"} : args;
        MethodHandle[] calls = new MethodHandle[names.length];
        for (int v = 0; v < names.length; v++) {
            Class<?> c = args.length == 0 ? UasCallMessageBenchmark.class : isolated(Path.of(args[v]));
            Object b = c.getDeclaredConstructor().newInstance();
            calls[v] = MethodHandles.publicLookup()
                    .findVirtual(c, "uasCall", MethodType.methodType(void.class, Blackhole.class)).bindTo(b);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[][] us = new double[names.length][rounds];
        for (int round = -rounds / 4; round < rounds; round++) {
            for (int v = 0; v < names.length; v++) {
                MethodHandle call = calls[v];
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < batch; i++) {
                    call.invokeExact(bh);
                }
                long t1 = mx.getCurrentThreadCpuTime();
                if (round >= 0) {
                    us[v][round] = (t1 - t0) / 1000.0 / batch;
                }
            }
        }
        for (int v = 0; v < names.length; v++) {
            double[] u = us[v];
            Arrays.sort(u);
            System.out.printf("uasCall %s: %.2f µs CPU per call (p25 %.2f, p75 %.2f; %d rounds of %d calls)%n",
                    names[v], u[rounds / 2], u[rounds / 4], u[3 * rounds / 4], rounds, batch);
        }
        bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
    }

    /** The benchmark class from {@code jar}, with the stack classes it uses from that jar too; JMH from ours. */
    private static Class<?> isolated(Path jar) throws ReflectiveOperationException, java.io.IOException {
        ClassLoader jmh = Blackhole.class.getClassLoader();
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, jmh) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.startsWith("io.dialtone.")) {
                    return super.loadClass(name, resolve); // the JDK and JMH's Blackhole: shared
                }
                synchronized (getClassLoadingLock(name)) { // ours: child first
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : findClass(name);
                }
            }
        };
        return loader.loadClass(UasCallMessageBenchmark.class.getName());
    }
}
