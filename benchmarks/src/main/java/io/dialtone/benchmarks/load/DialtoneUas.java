package io.dialtone.benchmarks.load;

import io.dialtone.client.UserAgent;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.SilenceSource;

import java.time.Duration;

/**
 * The Dialtone UAS for the load harness ({@code benchmarks/load/ramp.py}): the public
 * {@link UserAgent} API, in process, answering every call at once (180 then 200 with SDP), exactly
 * as {@code dialtone serve} does. By default media is on, as in the product: each answer opens an
 * RTP/RTCP socket pair and sends silence until the BYE. With {@code --media none} it is
 * signalling only, like the peers it is compared with: the answer names PCMU on port 9 with
 * {@code a=inactive} and no socket is opened ({@code UserAgent.Builder.media(false)}).
 * Overload shedding is on with the transport's default backlog limit; the {@code stats} lines
 * carry {@code shed=<503s sent>}.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.dialtone.benchmarks.load.DialtoneUas PORT [HOST] [--media none|rtp] [--max-queue-delay-ms N]}
 * ({@code --max-queue-delay-ms}: {@link UserAgent.Builder#maxReceiveQueueDelay}, for trying other thresholds).
 * Prints {@code listening ...} on stderr when bound, then a {@link LoadStats} line per second on
 * stdout; exits 0 on SIGTERM or SIGINT after closing the user agent.
 */
public final class DialtoneUas {
    private DialtoneUas() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Throwable t) { // a stack that failed to start must not leave the JVM running
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: DialtoneUas PORT [HOST] [--media none|rtp] [--max-queue-delay-ms N]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 && !args[1].startsWith("--") ? args[1] : "127.0.0.1";
        boolean media = true;
        Duration maxQueueDelay = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--max-queue-delay-ms") && i + 1 < args.length) {
                maxQueueDelay = Duration.ofMillis(Long.parseLong(args[++i]));
            }
            if (args[i].equals("--media") && i + 1 < args.length) {
                media = switch (args[++i]) {
                    case "none" -> false;
                    case "rtp" -> true;
                    default -> throw new IllegalArgumentException("--media none|rtp, got " + args[i]);
                };
            }
        }
        Signals signals = Signals.install();
        AudioSink discard = (frame, samples) -> { };
        LoadStats stats = new LoadStats(System.out);
        UserAgent.Builder builder = UserAgent.builder();
        if (maxQueueDelay != null) {
            builder.maxReceiveQueueDelay(maxQueueDelay);
        }
        UserAgent ua = builder.listen(host, port).media(media)
                .onIncomingCall(in -> {
                    stats.callAnswered();
                    in.answer(SilenceSource.INSTANCE, discard);
                })
                .start();
        System.err.printf("DialtoneUas: listening on %s (media %s, %d core(s))%n",
                ua.localAddress(), media ? "on" : "none", Runtime.getRuntime().availableProcessors());
        stats.counter("shed", () -> ua.transportMetrics().shed()).start();
        try {
            signals.await();
        } finally {
            System.err.printf("DialtoneUas: shutting down, %d active call(s)%n", ua.activeCalls());
            ua.close(Duration.ofSeconds(2));
            stats.close();
        }
    }
}
