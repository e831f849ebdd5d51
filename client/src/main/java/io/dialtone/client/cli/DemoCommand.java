package io.dialtone.client.cli;

import io.dialtone.client.Call;
import io.dialtone.client.CallOptions;
import io.dialtone.client.UserAgent;
import io.dialtone.rtp.ToneSource;
import io.dialtone.session.EndReason;
import io.dialtone.transport.ImpairmentConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code dialtone demo}: a callee and a caller in one process on 127.0.0.1, each sending a tone to
 * the other over real UDP sockets; prints both summaries. Exit 0 when both sides received RTP.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Call yourself on 127.0.0.1 with tones both ways and print both summaries.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--duration", paramLabel = "SEC", defaultValue = "3", description = "Call length (default ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--impair", paramLabel = "SPEC", converter = ImpairOption.class, description = ImpairOption.DESCRIPTION)
    ImpairmentConfig impair;

    @Option(names = "--json", description = "Print the summaries as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CompletableFuture<CallSummary> callee = new CompletableFuture<>();
        ImpairmentConfig callerImpair = impair != null ? impair : ImpairmentConfig.none();
        ImpairmentConfig calleeImpair = callerImpair.withSeed(callerImpair.seed() + 1); // uncorrelated with the caller's
        if (impair != null) {
            System.out.println("demo: impairing SIP over UDP and RTP/RTCP on both sides: " + impair);
        }
        try (UserAgent server = UserAgent.builder().listen("127.0.0.1", 0).userName("callee").impairment(calleeImpair)
                .onIncomingCall(in -> in.answer(new ToneSource(440, 8000, 0.3), (f, n) -> { })
                        .thenCompose(c -> {
                            long answered = System.nanoTime();
                            return c.ended().thenApply(end ->
                                    CallSummary.of("callee", c, (System.nanoTime() - answered) / 1_000_000, end));
                        })
                        .whenComplete((s, e) -> {
                            if (e != null) {
                                callee.completeExceptionally(e);
                            } else {
                                callee.complete(s);
                            }
                        }))
                .start();
             UserAgent client = UserAgent.builder().listen("127.0.0.1", 0).userName("caller")
                     .impairment(callerImpair).start()) {
            String uri = "sip:callee@127.0.0.1:" + server.localAddress().getPort();
            System.out.println("demo: calling " + uri + " for " + duration + " s (caller sends 1000 Hz, callee 440 Hz)");
            Call call = client.call(uri, CallOptions.defaults().withAudio(new ToneSource(1000, 8000, 0.3), (f, n) -> { }))
                    .get(10, TimeUnit.SECONDS);
            if (!call.answered()) {
                System.out.println("demo: call failed with " + call.status() + " " + call.reasonPhrase());
                return 1;
            }
            long answered = System.nanoTime();
            Thread.sleep(Math.round(duration * 1000)); // the CLI's own pacing: the demo's length
            EndReason end = call.hangup().get(10, TimeUnit.SECONDS);
            CallSummary caller = CallSummary.of("caller", call, (System.nanoTime() - answered) / 1_000_000, end);
            CallSummary other = callee.get(10, TimeUnit.SECONDS);
            System.out.println(json ? caller.json() : caller.text());
            System.out.println(json ? other.json() : other.text());
            boolean ok = caller.rtpReceived() > 0 && other.rtpReceived() > 0;
            System.out.println(ok ? "demo: OK, audio flowed both ways" : "demo: FAILED, no RTP received on one side");
            return ok ? 0 : 1;
        }
    }
}
