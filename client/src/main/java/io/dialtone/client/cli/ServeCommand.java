package io.dialtone.client.cli;

import io.dialtone.client.IncomingCall;
import io.dialtone.client.UserAgent;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.EchoAudio;
import io.dialtone.rtp.WavFile;
import io.dialtone.transport.ImpairmentConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code dialtone serve}: answers every INVITE, sends audio, records what it receives. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Listen on UDP and TCP and answer every call (180 at once, 200 after --answer-after).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:5060",
            converter = HostPort.Converter.class, description = "UDP and TCP listen address (default ${DEFAULT-VALUE}).")
    HostPort listen;

    @Option(names = "--answer-after", paramLabel = "SEC|never", defaultValue = "0",
            description = "Seconds between 180 and 200, or 'never' to ring until CANCEL (default ${DEFAULT-VALUE}).")
    String answerAfter;

    @ArgGroup(exclusive = true)
    AudioOptions audio = new AudioOptions();

    @Option(names = "--record-dir", paramLabel = "DIR", description = "Record received audio to DIR/<Call-ID>.wav (8 kHz mono PCM16).")
    Path recordDir;

    @Option(names = "--session-expires", paramLabel = "SEC", description = "RFC 4028 session interval to apply (>= 90).")
    Long sessionExpires;

    @Option(names = "--impair", paramLabel = "SPEC", converter = ImpairOption.class, description = ImpairOption.DESCRIPTION)
    ImpairmentConfig impair;

    @Option(names = "--json", description = "Print call summaries as JSON.")
    boolean json;

    /** {@code --media}: RTP audio, or signalling only (SDP on port 9 with a=inactive, no RTP socket). */
    enum MediaMode { none, rtp }

    @Option(names = "--media", paramLabel = "none|rtp", defaultValue = "rtp",
            description = "rtp: send and receive audio; none: signalling only - answer SDP with our codec on "
                    + "port 9 and a=inactive, open no RTP socket (load tests, PBX signalling) (default ${DEFAULT-VALUE}).")
    MediaMode media;

    /** {@code --refer}: accept REFERs as transferee (RFC 3515), or decline them with 603. */
    enum ReferMode { accept, decline }

    @Option(names = "--refer", paramLabel = "accept|decline", defaultValue = "accept",
            description = "accept: act on REFERs (call the target, NOTIFY progress, BYE the transferred call); "
                    + "decline: answer them 603 (default ${DEFAULT-VALUE}).")
    ReferMode refer;

    @Override
    public Integer call() throws Exception {
        Double delay = parseAnswerAfter(answerAfter);
        if (recordDir != null) {
            Files.createDirectories(recordDir);
        }
        PrintStream out = System.out;
        ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dialtone-answer");
            t.setDaemon(true);
            return t;
        });
        Shutdown shutdown = new Shutdown().install();
        UserAgent.Builder b = UserAgent.builder().listen(listen.host(), listen.port())
                .onIncomingCall(in -> onIncoming(in, delay, answers, out));
        if (sessionExpires != null) {
            b.sessionExpires(Duration.ofSeconds(sessionExpires));
        }
        if (impair != null) {
            b.impairment(impair);
        }
        b.media(media == MediaMode.rtp);
        ServeExtensions.configure(b, refer == ReferMode.accept, out, this::print);
        try (UserAgent ua = b.start()) {
            System.err.printf("dialtone serve: listening on %s (UDP and TCP), answer after %s, sending %s%n",
                    ua.localAddress(), answerAfter, media == MediaMode.rtp ? audio.describe() : "no media (--media none)");
            if (impair != null) {
                System.err.printf("dialtone serve: impairing SIP over UDP and RTP/RTCP: %s%n", impair);
            }
            shutdown.await();
            System.err.printf("dialtone serve: shutting down, hanging up %d call(s)%n", ua.activeCalls());
            if (impair != null) {
                System.err.println("dialtone serve: " + ImpairOption.counters(ua.transportMetrics()));
            }
        } finally {
            answers.shutdownNow();
        }
        return 0;
    }

    private static Double parseAnswerAfter(String v) {
        if (v.equalsIgnoreCase("never")) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (d < 0) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new ServeCommand()),
                    "--answer-after must be seconds or 'never', got '" + v + "'");
        }
    }

    private void onIncoming(IncomingCall in, Double delay, ScheduledExecutorService answers, PrintStream out) {
        long received = System.nanoTime();
        in.ended().thenAccept(end -> {
            if (end.status() != 200) { // never answered: log the line here
                print(out, CallSummary.failed("callee", in.callId(), end.status(), end.text()));
            }
        });
        if (delay == null) {
            return; // ring until CANCEL
        }
        Runnable answer = () -> {
            EchoAudio echo = audio.echo ? new EchoAudio(8000) : null;
            AudioSink sink = recordDir != null ? WavFile.createSink(recordDir.resolve(fileName(in.callId()) + ".wav"))
                    : echo != null ? echo : (frame, samples) -> { };
            if (echo != null && recordDir != null) {
                AudioSink file = sink;
                sink = new AudioSink() {
                    @Override
                    public void write(short[] frame, int samples) {
                        file.write(frame, samples);
                        echo.write(frame, samples);
                    }

                    @Override
                    public void close() {
                        file.close();
                    }
                };
            }
            in.answer(audio.source(echo), sink).thenAccept(call -> {
                long answered = System.nanoTime();
                call.onDtmf(digit -> {
                    synchronized (out) {
                        out.println(CallSummary.dtmfLine(call.callId(), digit));
                        out.flush();
                    }
                });
                call.ended().thenAccept(end -> print(out, CallSummary.of("callee", call,
                        (System.nanoTime() - answered) / 1_000_000, end)));
            }).exceptionally(e -> {
                System.err.printf("dialtone serve: could not answer %s: %s%n", in.callId(), e.getMessage());
                return null;
            });
        };
        if (delay == 0) {
            answer.run();
        } else {
            answers.schedule(answer, Math.round(delay * 1000) - (System.nanoTime() - received) / 1_000_000, TimeUnit.MILLISECONDS);
        }
    }

    void print(PrintStream out, CallSummary s) {
        synchronized (out) {
            out.println(json ? s.json() : s.text());
            out.flush();
        }
    }

    /** A file name for a Call-ID: characters outside [A-Za-z0-9@._-] become '_'. */
    static String fileName(String callId) {
        return callId.replaceAll("[^A-Za-z0-9@._-]", "_");
    }

}
