package io.dialtone.benchmarks.load;

import io.dialtone.client.UserAgent;
import io.dialtone.rtp.SilenceSource;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap retained per established dialog (issue 4, "Load harness": at most 2 KB with 10,000 open
 * dialogs). Runs the Dialtone UAS in process, signalling only ({@code UserAgent.Builder.media(false)},
 * so no RTP socket or stream is counted), and drives it with SIPp's built-in {@code uac} in a
 * separate process, so no caller-side state shares this heap:
 * {@code sipp -sn uac 127.0.0.1:PORT -d 600000 -m N -r RATE -l N} keeps every call open for 10
 * minutes after its ACK.
 *
 * <p>Method: baseline = heap used ({@link MemoryMXBean#getHeapMemoryUsage()}) after
 * {@code System.gc()} (three times) with the UAS started and idle; then, once {@code N} calls are
 * answered and established, it waits {@code --drain} seconds (default 40 s, longer than Timer L =
 * 64·T1 = 32 s, RFC 6026 §8.7) so the INVITE server transactions are gone and only dialogs remain,
 * and measures again the same way. Reported: (used − baseline) / N, also once before the drain
 * (dialogs plus their transactions). Then prints the top of {@code jcmd <pid> GC.class_histogram}
 * (which is taken after a full GC) to show what bounds the number. Run with Serial GC and a fixed
 * heap ({@code -XX:+UseSerialGC -Xms1g -Xmx1g}) so that {@code System.gc()} is a full, compacting
 * collection.
 *
 * <p>Usage: {@code java -XX:+UseSerialGC -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar
 * io.dialtone.benchmarks.load.DialogHeap [--calls 10000] [--rate 500] [--port 15090] [--drain 40]}.
 */
public final class DialogHeap {
    private DialogHeap() {
    }

    public static void main(String[] args) throws Exception {
        int calls = 10_000;
        int rate = 500;
        int port = 15090;
        int drainSeconds = 40;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--calls" -> calls = Integer.parseInt(args[i + 1]);
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--drain" -> drainSeconds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        UserAgent ua = UserAgent.builder().listen("127.0.0.1", port).media(false)
                .onIncomingCall(in -> in.answer(SilenceSource.INSTANCE, (frame, samples) -> { }))
                .start();
        long baseline = usedAfterGc(memory);
        System.out.printf("baseline heap used: %,d B (UAS started, idle, media off)%n", baseline);

        File dir = new File(System.getProperty("java.io.tmpdir"), "dialtone-dialog-heap-" + ProcessHandle.current().pid());
        dir.mkdirs();
        List<String> sipp = List.of("sipp", "-sn", "uac", "127.0.0.1:" + port, "-d", "600000", "-m",
                Integer.toString(calls), "-r", Integer.toString(rate), "-l", Integer.toString(calls),
                "-nostdin", "-trace_err", "-timeout", "900");
        System.out.println("driver: " + String.join(" ", sipp));
        Process p = new ProcessBuilder(sipp).directory(dir).redirectErrorStream(true)
                .redirectOutput(new File(dir, "sipp.out")).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(calls / Math.max(1, rate) + 60).toNanos();
            while (ua.activeCalls() < calls && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(200); // a measurement harness polling, not stack code
            }
            int open = ua.activeCalls();
            System.out.printf("open dialogs: %d of %d%n", open, calls);
            if (open == 0) {
                throw new IllegalStateException("no call established; see " + dir + "/sipp.out");
            }
            long withTx = usedAfterGc(memory);
            System.out.printf("with transactions (right after the last call): %,d B/dialog%n", (withTx - baseline) / open);
            Thread.sleep(drainSeconds * 1000L); // Timer L (32 s) ends the INVITE server transactions
            open = ua.activeCalls();
            long used = usedAfterGc(memory);
            System.out.printf("dialogs only (after %d s drain): open=%d heap used %,d B -> %,d B/dialog%n",
                    drainSeconds, open, used, (used - baseline) / open);
            System.out.println("class histogram top 10 (jcmd " + ProcessHandle.current().pid() + " GC.class_histogram):");
            histogram(15);
        } finally {
            p.destroy();
            ua.close(Duration.ofSeconds(1));
        }
        System.exit(0);
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void histogram(int lines) throws Exception {
        Process j = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(j.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.add(line);
            }
        }
        j.waitFor();
        for (int i = 0; i < Math.min(out.size(), lines); i++) {
            System.out.println(out.get(i));
        }
    }
}
