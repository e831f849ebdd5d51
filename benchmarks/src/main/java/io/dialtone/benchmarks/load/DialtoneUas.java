package io.dialtone.benchmarks.load;

import io.dialtone.client.UserAgent;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.SilenceSource;

import java.time.Duration;

/**
 * The Dialtone UAS for the load harness ({@code benchmarks/load/ramp.py}): the public
 * {@link UserAgent} API, in process, answering every call at once (180 then 200 with SDP), exactly
 * as {@code dialtone serve} does with its defaults. Media is on, as in the product: each answer
 * opens an RTP/RTCP socket pair and sends silence until the BYE ({@code SessionMedia} has no
 * signalling-only mode, so neither does this UAS).
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.dialtone.benchmarks.load.DialtoneUas PORT [HOST]}.
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
            System.err.println("usage: DialtoneUas PORT [HOST]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        Signals signals = Signals.install();
        AudioSink discard = (frame, samples) -> { };
        LoadStats stats = new LoadStats(System.out);
        UserAgent ua = UserAgent.builder().listen(host, port)
                .onIncomingCall(in -> {
                    stats.callAnswered();
                    in.answer(SilenceSource.INSTANCE, discard);
                })
                .start();
        System.err.printf("DialtoneUas: listening on %s (media on, %d core(s))%n",
                ua.localAddress(), Runtime.getRuntime().availableProcessors());
        stats.start();
        try {
            signals.await();
        } finally {
            System.err.printf("DialtoneUas: shutting down, %d active call(s)%n", ua.activeCalls());
            ua.close(Duration.ofSeconds(2));
            stats.close();
        }
    }
}
