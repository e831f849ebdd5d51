package io.dialtone.client.cli;

import io.dialtone.client.Call;
import io.dialtone.client.CallFailedException;
import io.dialtone.client.CallOptions;
import io.dialtone.client.UserAgent;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.WavFile;
import io.dialtone.session.DtmfMode;
import io.dialtone.session.EndReason;
import io.dialtone.transport.ImpairmentConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code dialtone call}: places one call, sends audio, records, hangs up after {@code --duration},
 * prints one summary line. Exit 0 only if the call did what was asked and ended cleanly.
 */
@Command(name = "call", mixinStandardHelpOptions = true, description = "Place one call and print a summary.")
final class CallCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URI", description = "SIP URI to call, e.g. sip:bob@127.0.0.1:5060")
    String uri;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:0",
            converter = HostPort.Converter.class, description = "Local address (default ${DEFAULT-VALUE}: any free port).")
    HostPort listen;

    @Option(names = "--transport", paramLabel = "udp|tcp", defaultValue = "udp", description = "Transport (default ${DEFAULT-VALUE}).")
    String transport;

    @ArgGroup(exclusive = true)
    AudioOptions audio = new AudioOptions();

    @Option(names = "--record", paramLabel = "FILE.wav", description = "Record received audio (8 kHz mono PCM16).")
    Path record;

    @Option(names = "--duration", paramLabel = "SEC", defaultValue = "5", description = "Seconds to stay connected (default ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = "--cancel-after", paramLabel = "SEC", description = "CANCEL if not answered after SEC seconds.")
    Double cancelAfter;

    @Option(names = "--session-expires", paramLabel = "SEC", description = "RFC 4028 session interval to request (>= 90).")
    Long sessionExpires;

    @Option(names = "--impair", paramLabel = "SPEC", converter = ImpairOption.class, description = ImpairOption.DESCRIPTION)
    ImpairmentConfig impair;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Option(names = "--dtmf", paramLabel = "DIGITS",
            description = "DTMF digits (0-9 * # A-D) to send as RFC 4733 telephone-events, 100 ms each, once answered.")
    String dtmf;

    @Option(names = "--dtmf-after", paramLabel = "SEC", defaultValue = "1",
            description = "Seconds after the answer to send --dtmf (default ${DEFAULT-VALUE}).")
    double dtmfAfter;

    @Option(names = "--user", paramLabel = "USER",
            description = "Answer 401/407 Digest challenges as USER (RFC 3261 §22.2); also the From user. "
                    + "The password comes from $DIALTONE_PASSWORD or --password-file, never the command line.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the --user password from the first line of FILE.")
    Path passwordFile;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--proxy", paramLabel = "URI", description = "Outbound proxy: the INVITE carries Route: <URI;lr> and goes there.")
    String proxy;

    @Option(names = "--dtmf-mode", paramLabel = "rfc4733|info", defaultValue = "rfc4733",
            description = "How --dtmf is sent: RTP telephone-events (RFC 4733) or one SIP INFO per digit "
                    + "(application/dtmf-relay) (default ${DEFAULT-VALUE}).")
    String dtmfMode;

    @Option(names = "--hold-after", paramLabel = "SEC",
            description = "Seconds after the answer to put the peer on hold (re-INVITE with a=sendonly, RFC 3264 §8.4).")
    Double holdAfter;

    @Option(names = "--resume-after", paramLabel = "SEC",
            description = "Seconds after the answer to resume (re-INVITE with a=sendrecv).")
    Double resumeAfter;

    @Option(names = "--update-after", paramLabel = "SEC",
            description = "Seconds after the answer to send UPDATE with a new SDP offer (RFC 3311).")
    Double updateAfter;

    @Option(names = "--transfer-to", paramLabel = "URI",
            description = "Blind transfer: once answered, REFER the peer to URI (RFC 3515) and hang up when it succeeded.")
    String transferTo;

    @Option(names = "--transfer-after", paramLabel = "SEC", defaultValue = "1",
            description = "Seconds after the answer to send --transfer-to (default ${DEFAULT-VALUE}).")
    double transferAfter;

    @Override
    public Integer call() throws Exception {
        String t = transport.toUpperCase(Locale.ROOT);
        if (!t.equals("UDP") && !t.equals("TCP")) {
            System.err.println("dialtone call: --transport must be udp or tcp");
            return 2;
        }
        if (dtmf != null && (dtmf.isEmpty() || !dtmf.chars().allMatch(c -> "0123456789*#ABCDabcd".indexOf(c) >= 0))) {
            System.err.println("dialtone call: --dtmf takes digits 0-9 * # A-D, got '" + dtmf + "'");
            return 2;
        }
        if (transferAfter < 0) {
            System.err.println("dialtone call: --transfer-after must not be negative");
            return 2;
        }
        if (dtmfAfter < 0) {
            System.err.println("dialtone call: --dtmf-after must not be negative");
            return 2;
        }
        if (!dtmfMode.equalsIgnoreCase("rfc4733") && !dtmfMode.equalsIgnoreCase("info")) {
            System.err.println("dialtone call: --dtmf-mode must be rfc4733 or info");
            return 2;
        }
        for (Double after : new Double[] {holdAfter, resumeAfter, updateAfter}) {
            if (after != null && after < 0) {
                System.err.println("dialtone call: --hold-after, --resume-after and --update-after must not be negative");
                return 2;
            }
        }
        UserAgent.Builder b = UserAgent.builder().listen(listen.host(), listen.port());
        if (user != null) { // the password is read only now, and only from the environment or a file
            b.userName(user).credentials(AuthOptions.credentials(user, passwordFile, spec.commandLine()));
        }
        if (proxy != null) {
            b.outboundProxy(proxy);
        }
        if (sessionExpires != null) {
            b.sessionExpires(Duration.ofSeconds(sessionExpires));
        }
        if (impair != null) {
            b.impairment(impair);
            System.err.printf("dialtone call: impairing SIP over UDP and RTP/RTCP: %s%n", impair);
        }
        try (UserAgent ua = b.start()) {
            try {
                return run(ua, t);
            } finally {
                if (impair != null) {
                    System.err.println("dialtone call: " + ImpairOption.counters(ua.transportMetrics()));
                }
            }
        }
    }

    int run(UserAgent ua, String t) throws Exception {
        AudioSink sink = record != null ? WavFile.createSink(record) : (frame, samples) -> { };
        long started = System.nanoTime();
        CompletableFuture<Call> placed = ua.call(uri, CallOptions.defaults().withTransport(t).withAudio(audio.source(null), sink));
        Call call;
        try {
            call = waitForAnswer(placed, started, ua);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            int status = cause instanceof CallFailedException f ? f.status() : 500;
            return finish(CallSummary.failed("caller", "", status, cause.getMessage()), 1);
        }
        if (!call.answered()) {
            sink.close();
            boolean asked = cancelAfter != null && call.status() == 487;
            EndReason end = call.ended().get(5, TimeUnit.SECONDS);
            return finish(CallSummary.of("caller", call, 0, end), asked ? 0 : 1);
        }
        long answered = System.nanoTime();
        call.onDtmf(digit -> {
            synchronized (System.out) {
                System.out.println(CallSummary.dtmfLine(call.callId(), digit));
                System.out.flush();
            }
        });
        CompletableFuture<Void> dtmfSent = dtmf == null ? null : CompletableFuture.runAsync(() -> { },
                        CompletableFuture.delayedExecutor(Math.round(dtmfAfter * 1000), TimeUnit.MILLISECONDS))
                .thenCompose(v -> call.sendDtmf(dtmf, DtmfMode.valueOf(dtmfMode.toUpperCase(Locale.ROOT))));
        List<CompletableFuture<String>> changes = new ArrayList<>(3); // each: null when accepted, else why not
        change(changes, holdAfter, "--hold-after", call::hold);
        change(changes, resumeAfter, "--resume-after", call::resume);
        change(changes, updateAfter, "--update-after", call::update);
        if (transferTo != null) {
            return CallTransfer.run(call, transferTo, transferAfter, answered, this::finishTransfer);
        }
        CompletableFuture<EndReason> ended = call.ended();
        EndReason early = null;
        try {
            early = ended.get(Math.round(duration * 1000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // still up after --duration: our turn to hang up
        }
        EndReason end = early != null ? early : call.hangup().get(40, TimeUnit.SECONDS);
        long durationMs = (System.nanoTime() - answered) / 1_000_000;
        CallSummary s = CallSummary.of("caller", call, durationMs, end);
        if (early != null) {
            return finish(s, 1, "the other side ended the call after " + durationMs + " ms: " + early.text());
        }
        if (dtmfSent != null && !dtmfSent.isDone()) {
            return finish(s, 1, "the call ended before --dtmf was sent (make --duration longer than --dtmf-after)");
        }
        for (CompletableFuture<String> c : changes) {
            String failure = c.getNow("the call ended before it was sent (make --duration longer)");
            if (failure != null) {
                return finish(s, 1, failure);
            }
        }
        Throwable dtmfFailure = dtmfSent == null ? null : dtmfSent.handle((v, e) -> e).getNow(null);
        if (dtmfFailure != null) {
            Throwable why = dtmfFailure instanceof CompletionException && dtmfFailure.getCause() != null
                    ? dtmfFailure.getCause() : dtmfFailure;
            return finish(s, 1, "--dtmf not sent: " + why.getMessage());
        }
        return finish(s, 0);
    }

    /** Schedules a session change {@code afterSec} after now (the answer); the future names a failure or is null. */
    private static void change(List<CompletableFuture<String>> changes, Double afterSec, String option,
                               Supplier<CompletableFuture<Integer>> send) {
        if (afterSec == null) {
            return;
        }
        changes.add(CompletableFuture.runAsync(() -> { },
                        CompletableFuture.delayedExecutor(Math.round(afterSec * 1000), TimeUnit.MILLISECONDS))
                .thenCompose(v -> send.get())
                .handle((status, e) -> e != null ? option + " failed: " + (e instanceof CompletionException && e.getCause() != null
                        ? e.getCause().getMessage() : e.getMessage())
                        : status >= 200 && status < 300 ? null : option + " answered " + status));
    }

    private Call waitForAnswer(CompletableFuture<Call> placed, long started, UserAgent ua) throws Exception {
        if (cancelAfter == null) {
            return placed.get(300, TimeUnit.SECONDS);
        }
        try {
            return placed.get(Math.round(cancelAfter * 1000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ua.hangupAll(); // CANCEL: the only call of this agent is unanswered
            return placed.get(64, TimeUnit.SECONDS);
        }
    }

    private int finishTransfer(CallSummary s, TransferSummary t, int code, String reason) {
        System.out.println(json ? t.appendTo(s.json()) : s.text() + ", " + t.text());
        if (code != 0) {
            System.err.println("dialtone call: " + reason);
        }
        return code;
    }

    private int finish(CallSummary s, int code) {
        return finish(s, code, null);
    }

    private int finish(CallSummary s, int code, String reason) {
        System.out.println(json ? s.json() : s.text());
        if (code != 0) {
            System.err.println("dialtone call: " + (reason != null ? reason : "call failed: " + s.status() + " " + s.end()));
        }
        return code;
    }
}
