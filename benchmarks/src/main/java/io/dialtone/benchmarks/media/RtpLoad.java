package io.dialtone.benchmarks.media;

import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.AudioSource;
import io.dialtone.rtp.EchoAudio;
import io.dialtone.rtp.MediaEngine;
import io.dialtone.rtp.RtpStream;
import io.dialtone.rtp.RtpStreamConfig;
import io.dialtone.rtp.RtpStreamStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * RTP echo/load test (issue 5, "Performance"): N bidirectional G.711 streams on 127.0.0.1 between two
 * {@link MediaEngine}s, and, in the same run, a plain JDK {@link DatagramChannel} baseline moving the
 * same packets at the same rate.
 *
 * <p>Setup, Dialtone: one process, two engines of one media thread each ({@code MediaEngine.create(1)}):
 * side A and side B. Stream pair i is A<sub>i</sub> ↔ B<sub>i</sub>, PCMU, ptime 20 ms, 60 ms jitter
 * buffer; A sends a 440 Hz tone, B echoes what it plays back ({@link EchoAudio}); each side therefore
 * sends and receives 50 packets/s per stream through the whole path (receive, parse, SSRC/sequence
 * checks, jitter buffer, decode, encode, packetize, send, RTCP). Each stream has its RTP and RTCP socket
 * (4N sockets). Both sides' sources record {@link System#nanoTime()} at each {@code read}, which the media
 * clock calls once per 20 ms tick per stream: that is the send schedule whose jitter is reported.
 *
 * <p>Setup, plain: two threads (side A, side B), each owning N non-blocking {@link DatagramChannel}s on
 * 127.0.0.1 (one per stream, 2N sockets) and one {@link Selector}; every 20 ms each thread writes a
 * 12-byte RTP header into a reused direct buffer with the 160-byte payload and sends one 172-byte
 * datagram per socket to its peer socket, and between ticks it drains whatever the selector reports.
 * The same packet count, size, rate and thread count as Dialtone, with none of the media work: the
 * floor the issue compares against.
 *
 * <p>Pacing, over the sends in the window (each stream's reads; the plain loop's ticks):
 * <ul>
 * <li><b>pacing |dev|</b>: each send's deviation from its own stream's nominal schedule, a 20 ms grid with
 *     the stream's own phase (its media-clock slot, fitted as the median of the stream's offsets
 *     t_k − t_0 − k·20 ms): the jitter our pacing adds to what that stream's receiver sees. A stream's
 *     constant place in the period is not jitter and cancels;
 * <li><b>lateness vs own schedule</b>: the same offsets less the stream's smallest one (timers never
 *     fire early, so the earliest send is the best estimate of the nominal time): one-sided, stricter;
 * <li><b>send bursts</b>: per loop, all its sends in time order, cut at gaps over 0.25 ms: how many
 *     sends leave back to back, and for how long. With one tick for all streams a loop sends one burst
 *     of N per 20 ms, so the last stream leaves the burst's duration after the first;
 * <li><b>slot-0 / tick-start pacing</b>: |dev| of the first stream of each side only (the clock's slot 0,
 *     served first in its slot): the timer's own punctuality; for the plain loop, its tick.
 * </ul>
 * "late" and "lost" are the receivers' jitter-buffer late packets and RTCP-style cumulative loss.
 *
 * <p>Measured over the window after warm-up: process CPU time (all threads, JIT and GC included), the
 * CPU time and allocated bytes of the two loop threads, and RTP packets delivered (received, both
 * directions). A delivered packet is one send and one receive, so "CPU per packet" is the cost of
 * send + receive; a bidirectional stream endpoint sends and receives 50 packets/s, so streams per core =
 * 1 s / (50 × CPU per packet).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.dialtone.benchmarks.media.RtpLoad --streams 500
 * --seconds 20} ({@code --streams 100,250,500} runs each size; {@code --warmup 5}; {@code --only
 * dialtone|plain}; {@code --io epoll|nio} picks the media loops' transport, by default the best available,
 * {@link MediaEngine.Io#best()}). Pin with {@code taskset -c 0,1} if wanted: each side is one thread.
 */
public final class RtpLoad {

    private static final long TICK_NANOS = 20_000_000L;
    private static final int PACKET_BYTES = 172;
    /** Sends closer than this belong to one burst, ns. */
    private static final long BURST_GAP_NANOS = 250_000L;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private RtpLoad() {
    }

    /** Result of one run. */
    record Result(String name, int streams, double seconds, long packets, long processCpuNanos, long loopCpuNanos,
            long loopAllocBytes, long[] pacingAbsNanos, long late, long lost, long concealed, long underruns,
            long malformed, long playoutDelayMaxMs, long inserted, long[] tickPacingAbsNanos, long[] latenessNanos) {

        double pps() {
            return packets / seconds;
        }

        double processNsPerPacket() {
            return (double) processCpuNanos / packets;
        }

        double loopNsPerPacket() {
            return (double) loopCpuNanos / packets;
        }

        double streamsPerCore() {
            return 1e9 / (50 * processNsPerPacket());
        }
    }

    public static void main(String[] args) throws Exception {
        int[] sizes = {500};
        int seconds = 20;
        int warmup = 5;
        String only = "";
        MediaEngine.Io io = MediaEngine.Io.best();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--streams" -> sizes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                case "--io" -> io = MediaEngine.Io.valueOf(args[++i].toUpperCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--streams N[,N...] --seconds S --warmup S --only dialtone|plain --io epoll|nio)");
            }
        }
        System.out.printf(Locale.ROOT, "RtpLoad: streams %s, %d s warm-up + %d s measured each, %d CPUs, %s,"
                + " media loops %s%n", Arrays.toString(sizes), warmup, seconds,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), io);
        List<Result[]> rows = new ArrayList<>();
        for (int n : sizes) {
            Result plain = only.equals("dialtone") ? null : runPlain(n, warmup, seconds);
            if (plain != null) {
                print(plain);
            }
            Result dial = only.equals("plain") ? null : runDialtone(n, warmup, seconds, io);
            if (dial != null) {
                print(dial);
            }
            rows.add(new Result[] {plain, dial});
        }
        System.out.println();
        System.out.println("| streams | plain CPU/pkt (process / loop) | Dialtone CPU/pkt (process / loop) | ratio (process / loop)"
                + " | Dialtone streams/core | plain streams/core | Dialtone loop B/pkt | pacing |dev| p50 / p99 / max"
                + " | lateness vs own schedule p50 / p99 / max | Dialtone slot-0 pacing | plain tick-start pacing | late | lost"
                + " | concealed (inserted) | max delay |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Result[] r : rows) {
            Result p = r[0];
            Result d = r[1];
            if (p == null || d == null) {
                continue;
            }
            System.out.printf(Locale.ROOT,
                    "| %d | %.2f / %.2f µs | %.2f / %.2f µs | %.2f× / %.2f× | %.0f | %.0f | %.0f | %s | %s | %s | %s | %d | %d"
                            + " | %d (%d) | %d ms |%n",
                    d.streams(), p.processNsPerPacket() / 1e3, p.loopNsPerPacket() / 1e3,
                    d.processNsPerPacket() / 1e3, d.loopNsPerPacket() / 1e3,
                    d.processNsPerPacket() / p.processNsPerPacket(), d.loopNsPerPacket() / p.loopNsPerPacket(),
                    d.streamsPerCore(), p.streamsPerCore(), (double) d.loopAllocBytes() / d.packets(),
                    pacing(d.pacingAbsNanos()), pacing(d.latenessNanos()), pacing(d.tickPacingAbsNanos()),
                    pacing(p.pacingAbsNanos()), d.late(),
                    d.lost(), d.concealed(), d.inserted(), d.playoutDelayMaxMs());
        }
    }

    private static void print(Result r) {
        System.out.printf(Locale.ROOT,
                "%-8s streams=%d window=%.1fs packets=%d (%.0f/s, expected %d/s) process CPU %.2f µs/pkt, loop threads "
                        + "%.2f µs/pkt, loop alloc %.0f B/pkt, streams/core %.0f%s%n",
                r.name(), r.streams(), r.seconds(), r.packets(), r.pps(), r.streams() * 100, r.processNsPerPacket() / 1e3,
                r.loopNsPerPacket() / 1e3, (double) r.loopAllocBytes() / r.packets(), r.streamsPerCore(),
                r.pacingAbsNanos() == null ? "" : String.format(Locale.ROOT,
                        ", pacing |dev| p50/p99/max %s, p99.9 %.3f ms (%d sends); lateness vs own schedule"
                                + " p50/p99/max %s; in the window: late %d, lost %d,"
                                + " concealed %d (of which inserted to grow the delay %d), underruns %d, malformed %d; playout delay max %d ms;"
                                + " tick-start pacing |dev| p50/p99/max %s",
                        pacing(r.pacingAbsNanos()), pct(r.pacingAbsNanos(), 0.999) / 1e6, r.pacingAbsNanos().length,
                        pacing(r.latenessNanos()),
                        r.late(), r.lost(), r.concealed(), r.inserted(), r.underruns(), r.malformed(),
                        r.playoutDelayMaxMs(), pacing(r.tickPacingAbsNanos())));
    }

    private static String pacing(long[] sorted) {
        return String.format(Locale.ROOT, "%.3f / %.3f / %.3f ms", pct(sorted, 0.5) / 1e6, pct(sorted, 0.99) / 1e6,
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }

    // ------------------------------------------------------------------ Dialtone

    /** Tone source that records the time of every read: one read per media-clock tick. */
    static final class CapturingSource implements AudioSource {
        private static final short[] TONE = new short[160];

        static {
            for (int i = 0; i < TONE.length; i++) {
                TONE[i] = (short) (Math.sin(2 * Math.PI * 440 * i / 8000.0) * 8000); // 20 ms = 8.8 periods
            }
        }

        private final AudioSource delegate; // null: tone
        final long[] times;
        volatile int count; // written by the loop thread only; read after the streams stopped

        CapturingSource(AudioSource delegate, int capacity) {
            this.delegate = delegate;
            this.times = new long[capacity];
        }

        @Override
        public boolean read(short[] frame, int samples) {
            long now = System.nanoTime();
            int c = count;
            if (c < times.length) {
                times[c] = now;
                count = c + 1;
            }
            if (delegate != null) {
                return delegate.read(frame, samples);
            }
            System.arraycopy(TONE, 0, frame, 0, Math.min(samples, TONE.length));
            return true;
        }
    }

    /** Discards what it plays. */
    static final class NullSink implements AudioSink {
        @Override
        public void write(short[] frame, int samples) {
        }
    }

    static Result runDialtone(int n, int warmup, int seconds, MediaEngine.Io io) throws Exception {
        int capacity = (warmup + seconds + 5) * 50;
        MediaEngine a = MediaEngine.create(1, io);
        MediaEngine b = MediaEngine.create(1, io);
        List<RtpStream> streams = new ArrayList<>(2 * n);
        List<CapturingSource> sources = new ArrayList<>(2 * n);
        InetAddress lo = InetAddress.getLoopbackAddress();
        try {
            for (int i = 0; i < n; i++) {
                RtpStream sa = a.open(RtpStreamConfig.builder().build());
                RtpStream sb = b.open(RtpStreamConfig.builder().build());
                sa.remote(new InetSocketAddress(lo, sb.localPort()));
                sb.remote(new InetSocketAddress(lo, sa.localPort()));
                streams.add(sa);
                streams.add(sb);
            }
            for (int i = 0; i < streams.size(); i++) {
                RtpStream s = streams.get(i);
                CapturingSource src;
                AudioSink sink;
                if (i % 2 == 0) {
                    src = new CapturingSource(null, capacity);
                    sink = new NullSink();
                } else {
                    EchoAudio echo = new EchoAudio(1600);
                    src = new CapturingSource(echo, capacity);
                    sink = echo;
                }
                sources.add(src);
                s.start(src, sink);
            }
            Thread.sleep(warmup * 1000L);
            long[] loopIds = threadIds("dialtone-media");
            long p0 = received(streams);
            long[] c0 = counters(streams);
            long cpu0 = OS.getProcessCpuTime();
            long loop0 = cpu(loopIds);
            long alloc0 = alloc(loopIds);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long t1 = System.nanoTime();
            long cpu1 = OS.getProcessCpuTime();
            long loop1 = cpu(loopIds);
            long alloc1 = alloc(loopIds);
            long p1 = received(streams);
            long[] c1 = counters(streams);
            List<CompletableFuture<Void>> stops = new ArrayList<>();
            for (RtpStream s : streams) {
                stops.add(s.stop());
            }
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            long[] total = counters(streams); // final, exact: stopped streams publish their last stats
            System.out.printf(Locale.ROOT, "dialtone streams=%d since start (warm-up included): late %d, lost %d,"
                    + " concealed %d, underruns %d, malformed %d, received %d%n", n, total[0], total[1], total[2],
                    total[3], total[4], total[6]);
            long maxDelay = total[5];
            for (int side = 0; side < 2; side++) {
                List<CapturingSource> of = new ArrayList<>();
                for (int i = side; i < sources.size(); i += 2) {
                    of.add(sources.get(i));
                }
                long[] burst = bursts(of, t0, t1);
                System.out.printf(Locale.ROOT, "dialtone side %c: %d send bursts in the window (%.1f per 20 ms),"
                        + " at most %d sends in one, burst duration p99 %.3f ms, max %.3f ms%n", (char) ('A' + side),
                        burst[0], burst[0] / ((t1 - t0) / (double) TICK_NANOS), burst[1], burst[2] / 1e6, burst[3] / 1e6);
            }
            long[][] pacing = pacing(sources, t0, t1);
            long[] tickPacing = pacing(sources.subList(0, 2), t0, t1)[0]; // first stream of each side: slot 0
            return new Result("dialtone", n, (t1 - t0) / 1e9, p1 - p0, cpu1 - cpu0, loop1 - loop0, alloc1 - alloc0,
                    pacing[0], c1[0] - c0[0], c1[1] - c0[1], c1[2] - c0[2], c1[3] - c0[3], c1[4] - c0[4], maxDelay,
                    c1[7] - c0[7], tickPacing, pacing[1]);
        } finally {
            a.close();
            b.close();
        }
    }

    /** Sums of late, lost, concealed, underruns, malformed, max playout delay, received over the streams. */
    private static long[] counters(List<RtpStream> streams) {
        long[] c = new long[8];
        for (RtpStream s : streams) {
            RtpStreamStats st = s.stats();
            c[0] += st.jitterBuffer().late();
            c[1] += st.packetsLost();
            c[2] += st.jitterBuffer().concealed();
            c[3] += st.jitterBuffer().underruns();
            c[4] += st.malformed();
            c[5] = Math.max(c[5], st.jitterBuffer().delayMs());
            c[6] += st.packetsReceived();
            c[7] += st.jitterBuffer().inserted();
        }
        return c;
    }

    private static long received(List<RtpStream> streams) {
        long n = 0;
        for (RtpStream s : streams) {
            n += s.stats().packetsReceived(); // snapshot at most 200 ms old, at both ends of the window
        }
        return n;
    }

    /**
     * Deviation of each send (read) inside the window from its stream's own nominal schedule. A stream's
     * schedule is a 20 ms grid with its own phase (its media-clock slot: {@code epoch + slot·SLOT_MS +
     * k·20 ms}), so offset_k = t_k − t_0 − k·20 ms is constant on a perfect clock, whatever the phase.
     * Two measures of the offsets, per stream, pooled over all streams and sorted:
     * <ul>
     * <li>{@code [0]} |dev|: |offset_k − median offset|, the deviation from the best-fitting grid, i.e. the
     *     jitter our pacing adds to what a receiver sees;
     * <li>{@code [1]} lateness: offset_k − min offset, the delay of each send after the stream's own
     *     schedule anchored at its earliest send in the window (a timer never fires early, so the
     *     earliest send is the best estimate of the nominal time; this is the stricter, one-sided measure).
     * </ul>
     */
    private static long[][] pacing(List<CapturingSource> sources, long from, long to) {
        long[][] times = new long[sources.size()][];
        int[] counts = new int[sources.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = sources.get(i).times;
            counts[i] = sources.get(i).count;
        }
        return pacing(times, counts, from, to);
    }

    private static long[][] pacing(long[][] times, int[] counts, long from, long to) {
        long[] dev = new long[times.length * (int) ((to - from) / TICK_NANOS + 2)];
        long[] lateness = new long[dev.length];
        int m = 0;
        long[] offs = new long[times[0].length];
        for (int j = 0; j < times.length; j++) {
            int c = counts[j];
            if (c == 0) {
                continue;
            }
            long first = times[j][0];
            int k = 0;
            for (int i = 0; i < c; i++) {
                long t = times[j][i];
                if (t >= from && t < to) {
                    offs[k++] = t - first - i * TICK_NANOS;
                }
            }
            if (k == 0) {
                continue;
            }
            long[] sorted = Arrays.copyOf(offs, k);
            Arrays.sort(sorted);
            long median = sorted[k / 2];
            long min = sorted[0];
            for (int i = 0; i < k && m < dev.length; i++, m++) {
                dev[m] = Math.abs(offs[i] - median);
                lateness[m] = offs[i] - min;
            }
        }
        long[] d = Arrays.copyOf(dev, m);
        long[] l = Arrays.copyOf(lateness, m);
        Arrays.sort(d);
        Arrays.sort(l);
        return new long[][] {d, l};
    }

    /**
     * The send bursts of one loop: all its streams' sends in the window, in time order, cut wherever two
     * consecutive sends are more than {@code BURST_GAP_NANOS} apart. Returns {bursts, most sends in one
     * burst, p99 burst duration ns, longest burst ns}. With one tick for all streams a loop sends one
     * burst of N per 20 ms; with phase slots, up to one burst per slot of about N / slots sends each.
     */
    private static long[] bursts(List<CapturingSource> side, long from, long to) {
        int total = 0;
        for (CapturingSource s : side) {
            total += s.count;
        }
        long[] all = new long[total];
        int m = 0;
        for (CapturingSource s : side) {
            for (int i = 0; i < s.count; i++) {
                long t = s.times[i];
                if (t >= from && t < to) {
                    all[m++] = t;
                }
            }
        }
        long[] t = Arrays.copyOf(all, m);
        Arrays.sort(t);
        List<Long> durations = new ArrayList<>();
        long most = 0;
        int start = 0;
        for (int i = 1; i <= t.length; i++) {
            if (i == t.length || t[i] - t[i - 1] > BURST_GAP_NANOS) {
                durations.add(t[i - 1] - t[start]);
                most = Math.max(most, i - start);
                start = i;
            }
        }
        long[] d = durations.stream().mapToLong(Long::longValue).sorted().toArray();
        return new long[] {d.length, most, (long) pct(d, 0.99), d.length == 0 ? 0 : d[d.length - 1]};
    }

    // ------------------------------------------------------------------ plain JDK baseline

    /** One side of the baseline: N sockets, one selector, one thread that sends every 20 ms and drains between. */
    static final class PlainSide implements Runnable {
        final DatagramChannel[] channels;
        InetSocketAddress[] peers;
        final Selector selector;
        final Thread thread;
        volatile boolean running = true;
        volatile long published;
        long received;
        final long[] ticks;
        volatile int tickCount;

        PlainSide(String name, int n, int capacity) throws IOException {
            ticks = new long[capacity];
            channels = new DatagramChannel[n];
            selector = Selector.open();
            for (int i = 0; i < n; i++) {
                DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
                ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ);
                channels[i] = ch;
            }
            thread = new Thread(this, name);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            ByteBuffer out = ByteBuffer.allocateDirect(PACKET_BYTES);
            ByteBuffer in = ByteBuffer.allocateDirect(1500);
            byte[] payload = new byte[160];
            Arrays.fill(payload, (byte) 0xFF);
            int seq = 0;
            long rtpTs = 0;
            long next = System.nanoTime() + TICK_NANOS;
            try {
                while (running) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
                        var keys = selector.selectedKeys();
                        for (SelectionKey key : keys) {
                            DatagramChannel ch = (DatagramChannel) key.channel();
                            while (true) {
                                in.clear();
                                if (ch.receive(in) == null) {
                                    break;
                                }
                                received++;
                            }
                        }
                        keys.clear();
                        continue;
                    }
                    // one 172-byte RTP-shaped datagram per socket
                    int tc = tickCount;
                    if (tc < ticks.length) {
                        ticks[tc] = System.nanoTime();
                        tickCount = tc + 1;
                    }
                    seq = (seq + 1) & 0xFFFF;
                    rtpTs += 160;
                    out.clear();
                    out.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt((int) rtpTs).putInt(0x12345678);
                    out.put(payload);
                    out.flip();
                    for (int i = 0; i < channels.length; i++) {
                        out.rewind();
                        channels[i].send(out, peers[i]);
                    }
                    next += TICK_NANOS;
                    published = received;
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void close() throws IOException {
            running = false;
            selector.wakeup();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            selector.close();
            for (DatagramChannel ch : channels) {
                ch.close();
            }
        }
    }

    static Result runPlain(int n, int warmup, int seconds) throws Exception {
        int capacity = (warmup + seconds + 5) * 50;
        PlainSide a = new PlainSide("plain-a", n, capacity);
        PlainSide b = new PlainSide("plain-b", n, capacity);
        try {
            a.peers = new InetSocketAddress[n];
            b.peers = new InetSocketAddress[n];
            for (int i = 0; i < n; i++) {
                a.peers[i] = (InetSocketAddress) b.channels[i].getLocalAddress();
                b.peers[i] = (InetSocketAddress) a.channels[i].getLocalAddress();
            }
            a.thread.start();
            b.thread.start();
            Thread.sleep(warmup * 1000L);
            long[] ids = {a.thread.getId(), b.thread.getId()};
            long p0 = a.published + b.published;
            long cpu0 = OS.getProcessCpuTime();
            long loop0 = cpu(ids);
            long alloc0 = alloc(ids);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long t1 = System.nanoTime();
            long cpu1 = OS.getProcessCpuTime();
            long loop1 = cpu(ids);
            long alloc1 = alloc(ids);
            long p1 = a.published + b.published;
            long[][] ticks = pacing(new long[][] {a.ticks, b.ticks}, new int[] {a.tickCount, b.tickCount}, t0, t1);
            return new Result("plain", n, (t1 - t0) / 1e9, p1 - p0, cpu1 - cpu0, loop1 - loop0, alloc1 - alloc0,
                    ticks[0], 0, 0, 0, 0, 0, 0, 0, ticks[0], ticks[1]);
        } finally {
            a.close();
            b.close();
        }
    }

    // ------------------------------------------------------------------ threads

    private static long[] threadIds(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix))
                .mapToLong(Thread::getId).toArray();
    }

    private static long cpu(long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += Math.max(0, THREADS.getThreadCpuTime(id));
        }
        return sum;
    }

    private static long alloc(long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += Math.max(0, THREADS.getThreadAllocatedBytes(id));
        }
        return sum;
    }
}
