package io.dialtone.benchmarks.load;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prints one line per second for {@code benchmarks/load/ramp.py}:
 * <pre>stats cpuNanos=&lt;process CPU, ns&gt; allocatedBytes=&lt;bytes&gt; gcCount=&lt;n&gt; calls=&lt;n&gt; threads=&lt;n&gt;</pre>
 * All counters are cumulative since start; the harness takes deltas across a load step.
 *
 * <p>{@code allocatedBytes} is the sum of {@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}
 * over live threads, plus the last value seen for each thread that has since died, so a thread
 * pool that replaces its threads does not make the counter go backwards (the allocation of a dead
 * thread between its last sample and its death is lost; it is at most one second's worth).
 *
 * <p>Threading: one daemon thread samples and prints; {@link #callAnswered()} may be called from any thread.
 */
final class LoadStats implements AutoCloseable {
    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final PrintStream out;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-stats");
        t.setDaemon(true);
        return t;
    });
    private final LongAdder calls = new LongAdder();
    private final Map<String, java.util.function.LongSupplier> extra = new java.util.LinkedHashMap<>();
    private Map<Long, Long> lastSeen = new HashMap<>();
    private long retiredBytes;

    LoadStats(PrintStream out) {
        this.out = out;
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    LoadStats start() {
        timer.scheduleAtFixedRate(this::print, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    /** Adds {@code key=<value>} to every line (cumulative counters only); call before {@link #start()}. */
    LoadStats counter(String key, java.util.function.LongSupplier value) {
        extra.put(key, value);
        return this;
    }

    /** Counts one answered call (for the log line only; the harness counts calls from SIPp). */
    void callAnswered() {
        calls.increment();
    }

    /** Cumulative bytes allocated by all threads of this JVM that this sampler has seen. */
    synchronized long allocatedBytes() {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> seen = new HashMap<>(ids.length * 2);
        long live = 0;
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                seen.put(ids[i], bytes[i]);
                live += bytes[i];
            }
        }
        for (Map.Entry<Long, Long> e : lastSeen.entrySet()) {
            if (!seen.containsKey(e.getKey())) {
                retiredBytes += e.getValue();
            }
        }
        lastSeen = seen;
        return retiredBytes + live;
    }

    String line() {
        long gcCount = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
        }
        return "stats cpuNanos=" + os.getProcessCpuTime() + " allocatedBytes=" + allocatedBytes()
                + " gcCount=" + gcCount + " calls=" + calls.sum() + " threads=" + threads.getThreadCount()
                + extraFields();
    }

    private String extraFields() {
        StringBuilder b = new StringBuilder();
        extra.forEach((k, v) -> b.append(' ').append(k).append('=').append(v.getAsLong()));
        return b.toString();
    }

    void print() {
        String s = line();
        synchronized (out) {
            out.println(s);
            out.flush();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        print();
    }
}
