package io.dialtone.client.cli;

import io.dialtone.client.IncomingCall;
import io.dialtone.client.Registration;
import io.dialtone.message.SipUri;
import io.dialtone.session.auth.CredentialsProvider;
import io.dialtone.session.auth.DigestCredentials;
import io.dialtone.session.register.RegistrationConfig;
import io.dialtone.client.UserAgent;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.AudioSource;
import io.dialtone.rtp.EchoAudio;
import io.dialtone.rtp.WavFile;
import io.dialtone.session.Rel100;
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

    @Option(names = "--auth-user", paramLabel = "USER",
            description = "Challenge every INVITE with Digest (RFC 3261 §22.1) and accept only USER. "
                    + "The password comes from $DIALTONE_PASSWORD or --password-file, never the command line.")
    String authUser;

    @Option(names = "--auth-realm", paramLabel = "REALM", defaultValue = "dialtone",
            description = "Digest realm of --auth-user (default ${DEFAULT-VALUE}).")
    String authRealm;

    @Option(names = "--auth-algorithms", paramLabel = "LIST", defaultValue = "SHA-256,MD5", split = ",",
            description = "Digest algorithms to offer, preferred first, one challenge each (RFC 8760 §2.4): "
                    + "MD5, SHA-256, SHA-512-256 and their -sess forms (default ${DEFAULT-VALUE}).")
    java.util.List<String> authAlgorithms;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password of --auth-user and --register from the first line of FILE "
                    + "(default: environment DIALTONE_PASSWORD).")
    Path passwordFile;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--registrar", description = "Also act as registrar (RFC 3261 §10.3) and route requests for "
            + "registered AORs to their contacts (§16); calls to our own user are still answered.")
    boolean registrar;

    @Option(names = "--register", paramLabel = "AOR", description = "Register AOR (e.g. sip:alice@127.0.0.1:5060) with the "
            + "registrar of its domain, through --proxy if given, and accept the calls routed to us.")
    String register;

    @Option(names = "--proxy", paramLabel = "URI", description = "Outbound proxy for --register (Route: <URI;lr>).")
    String proxy;

    @Option(names = "--user", paramLabel = "USER", description = "Our user name (Contact) and Digest username for --register.")
    String user;

    @Option(names = "--100rel", description = "Send provisional responses reliably (RFC 3262) whenever the INVITE "
            + "supports 100rel, not only when it requires it.")
    boolean rel100;

    @Option(names = "--early-media", description = "Answer the offer in 183 Session Progress and start audio at once, "
            + "before the 200 (early media).")
    boolean earlyMedia;

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
        if (authUser != null) { // the password is read only now, from the environment or a file
            b.authenticateIncoming(AuthOptions.server(authRealm, authUser, authAlgorithms, passwordFile, spec.commandLine()));
        }
        if (user != null) {
            b.userName(user);
        }
        if (registrar) {
            b.registrar();
        }
        if (proxy != null) {
            b.outboundProxy(proxy);
        }
        RegistrationConfig registration = register == null ? null : registration();
        if (rel100) {
            b.rel100(Rel100.PREFERRED);
        }
        ServeExtensions.configure(b, refer == ReferMode.accept, out, this::print);
        try (UserAgent ua = b.start()) {
            System.err.printf("dialtone serve: listening on %s (UDP and TCP), answer after %s, sending %s%n",
                    ua.localAddress(), answerAfter, media == MediaMode.rtp ? audio.describe() : "no media (--media none)");
            if (impair != null) {
                System.err.printf("dialtone serve: impairing SIP over UDP and RTP/RTCP: %s%n", impair);
            }
            Registration reg = null;
            if (registration != null) {
                reg = ua.register(registration);
                try {
                    reg.registered().get(40, TimeUnit.SECONDS);
                    System.err.printf("dialtone serve: registered %s for %d s%n", registration.aor(), reg.grantedExpiresSec());
                } catch (java.util.concurrent.ExecutionException e) {
                    System.err.printf("dialtone serve: registering %s failed: %s%n", registration.aor(), e.getCause().getMessage());
                    return 1;
                } catch (java.util.concurrent.TimeoutException e) {
                    System.err.printf("dialtone serve: registering %s got no answer in 40 s%n", registration.aor());
                    return 1;
                }
            }
            shutdown.await();
            if (reg != null) {
                try {
                    reg.unregister().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    System.err.printf("dialtone serve: unregistering %s failed: %s%n", registration.aor(), e.getMessage());
                }
            }
            System.err.printf("dialtone serve: shutting down, hanging up %d call(s)%n", ua.activeCalls());
            if (impair != null) {
                System.err.println("dialtone serve: " + ImpairOption.counters(ua.transportMetrics()));
            }
        } finally {
            answers.shutdownNow();
        }
        return 0;
    }

    /** The registration for {@code --register}: AOR as given, registrar = the AOR's domain (§10.2). */
    private RegistrationConfig registration() {
        String text = register.startsWith("sip:") || register.startsWith("sips:") ? register : "sip:" + register;
        SipUri aor;
        try {
            aor = SipUri.parse(text);
        } catch (io.dialtone.message.SipParseException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new ServeCommand()),
                    "--register needs an AOR such as sip:alice@127.0.0.1:5060: " + e.getMessage());
        }
        String name = user != null ? user : aor.userName() != null ? aor.userName() : "dialtone";
        RegistrationConfig.Builder cfg = RegistrationConfig.builder(new SipUri(aor.scheme(), null, aor.host(), aor.port(),
                io.dialtone.message.Parameters.EMPTY, null), aor).contactUser(name);
        String password = PasswordSource.readOptional(passwordFile);
        if (password != null) {
            cfg.credentials(CredentialsProvider.of(new DigestCredentials(name, password)));
        }
        return cfg.build();
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
        if (delay == null && !earlyMedia) {
            return; // ring until CANCEL
        }
        // the audio is created once: with --early-media the 183 starts it and the 200 keeps it
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
        AudioSource source = audio.source(echo);
        AudioSink callSink = sink;
        if (earlyMedia) {
            in.progress(source, callSink).exceptionally(e -> {
                System.err.printf("dialtone serve: no early media for %s: %s%n", in.callId(), e.getMessage());
                return null;
            });
        }
        if (delay == null) {
            return; // ring until CANCEL
        }
        Runnable answer = () -> in.answer(source, callSink).thenAccept(call -> {
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
