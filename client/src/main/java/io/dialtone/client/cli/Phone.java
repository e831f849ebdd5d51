package io.dialtone.client.cli;

import io.dialtone.client.Call;
import io.dialtone.client.CallOptions;
import io.dialtone.client.IncomingCall;
import io.dialtone.client.Registration;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.session.Subscription;
import io.dialtone.client.UserAgent;
import io.dialtone.message.SipUri;
import io.dialtone.session.auth.CredentialsProvider;
import io.dialtone.session.register.RegistrationConfig;
import io.dialtone.rtp.AudioSink;
import io.dialtone.rtp.AudioSource;
import io.dialtone.rtp.RtpStreamStats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The line-oriented phone behind {@code dialtone phone}: reads one command per line, acts on the
 * {@link UserAgent}, and prints what happens (calls ringing, answered, ended; DTMF received) as
 * it happens. Calls are numbered from 1 in the order they appear; commands that take a call use
 * the most recent live call when the number is left out.
 *
 * <p>Threading: commands run on the reading thread; user-agent events print from its callback
 * threads. Output lines are written whole ({@link PrintStream} is synchronized).
 */
final class Phone {
    static final String HELP = String.join("\n",
            "commands:",
            "  call URI             place a call",
            "  answer [N]           answer ringing call N",
            "  reject [N] [STATUS]  reject ringing call N (default 486)",
            "  hangup [N]           end call N (CANCEL, reject or BYE as its state requires)",
            "  dtmf DIGITS [N]      send DTMF (RFC 4733) on call N",
            "  hold [N]             put call N on hold (re-INVITE a=sendonly, RFC 3264 §8.4)",
            "  resume [N]           take call N off hold (a=sendrecv)",
            "  transfer URI [N]     blind-transfer call N to URI (REFER, RFC 3515); it ends when the transfer succeeds",
            "  transfer-to M [N]    attended transfer: connect call N's peer with call M's (REFER with Replaces, RFC 3891)",
            "  message URI TEXT     send TEXT as a MESSAGE (RFC 3428); messages received are printed",
            "  subscribe URI EVENT  subscribe to EVENT (e.g. message-summary) at URI (RFC 6665); NOTIFYs are printed",
            "  unsubscribe          end the subscription",
            "  register URI [AOR]   register with the registrar at URI (RFC 3261 §10.2), refreshing until unregister",
            "  unregister           remove the registration",
            "  stats [N]            RTP statistics of call N",
            "  calls                list calls",
            "  sleep SEC            wait (for scripts)",
            "  help                 this text",
            "  quit                 hang up everything and exit");

    private final UserAgent ua;
    private final PrintStream out;
    private final Supplier<AudioSource> source;
    private final AudioSink sink;
    private final Map<Integer, Entry> calls = new TreeMap<>();
    private final String user;
    private final CredentialsProvider credentials; // null: no Digest password given
    private Registration registration;
    private Subscription subscription;
    private int next = 1;

    /** A call the phone knows: ringing in, or placed, then established. */
    private static final class Entry {
        final boolean outgoing;
        final String remote;
        volatile IncomingCall ringing;
        volatile Call call;
        volatile String state;

        Entry(boolean outgoing, String remote, String state) {
            this.outgoing = outgoing;
            this.remote = remote;
            this.state = state;
        }
    }

    Phone(UserAgent ua, PrintStream out, Supplier<AudioSource> source, AudioSink sink) {
        this(ua, out, source, sink, "dialtone", null);
    }

    /**
     * @param user        our user name: Contact, and the AOR's user for {@code register}
     * @param credentials Digest credentials for {@code register} (calls use the agent's), or {@code null}
     */
    Phone(UserAgent ua, PrintStream out, Supplier<AudioSource> source, AudioSink sink, String user,
          CredentialsProvider credentials) {
        this.user = user;
        this.credentials = credentials;
        this.ua = ua;
        this.out = out;
        this.source = source;
        this.sink = sink;
    }

    /** Called by the user agent for each incoming call (on its callback thread). */
    void onIncoming(IncomingCall in) {
        Entry e = new Entry(false, in.from(), "ringing");
        e.ringing = in;
        int n = add(e);
        out.printf("call %d: incoming from %s (answer %d / reject %d)%n", n, in.from(), n, n);
        in.ended().thenAccept(reason -> {
            if (e.call == null) {
                e.state = "ended";
                out.printf("call %d: ended before answer (%s)%n", n, reason.text());
            }
        });
    }

    private synchronized int add(Entry e) {
        int n = next++;
        calls.put(n, e);
        return n;
    }

    /**
     * Reads and runs commands until {@code quit} or end of input.
     *
     * @return 0 when every command succeeded, 1 if any failed
     */
    int run(BufferedReader in) throws IOException, InterruptedException {
        int failures = 0;
        out.println("dialtone phone: type 'help' for commands");
        for (String line; (line = in.readLine()) != null; ) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.split("\\s+");
            String cmd = w[0].toLowerCase(Locale.ROOT);
            if (cmd.equals("quit") || cmd.equals("exit")) {
                break;
            }
            try {
                execute(cmd, w, line);
            } catch (IllegalArgumentException | IllegalStateException | CompletionException
                     | io.dialtone.message.SipParseException e) {
                failures++;
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                out.println("error: " + cause.getMessage());
            }
        }
        try {
            if (registration != null) {
                registration.unregister().get(10, TimeUnit.SECONDS);
            }
            ua.hangupAll().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            out.println("error: hanging up: " + e.getMessage());
            failures++;
        }
        return failures == 0 ? 0 : 1;
    }

    private void execute(String cmd, String[] w, String line) throws InterruptedException {
        switch (cmd) {
            case "help" -> out.println(HELP);
            case "call" -> call(arg(w, 1, "call URI"));
            case "answer" -> answer(number(w, 1));
            case "reject" -> reject(number(w, 1), w.length > 2 ? Integer.parseInt(w[2]) : 486);
            case "hangup" -> hangup(number(w, 1));
            case "dtmf" -> established(number(w, 2)).sendDtmf(arg(w, 1, "dtmf DIGITS [N]")).join();
            case "hold" -> out.printf("call %d: hold answered %d%n", number(w, 1), established(number(w, 1)).hold().join());
            case "resume" -> out.printf("call %d: resume answered %d%n", number(w, 1), established(number(w, 1)).resume().join());
            case "transfer" -> transfer(number(w, 2), arg(w, 1, "transfer URI [N]"));
            case "transfer-to" -> attendedTransfer(number(w, 2), Integer.parseInt(arg(w, 1, "transfer-to M [N]")));
            case "message" -> message(arg(w, 1, "message URI TEXT"), line.strip().split("\\s+", 3));
            case "subscribe" -> subscribe(arg(w, 1, "subscribe URI EVENT"), arg(w, 2, "subscribe URI EVENT"));
            case "unsubscribe" -> unsubscribe();
            case "register" -> register(arg(w, 1, "register REGISTRAR-URI [AOR]"), w.length > 2 ? w[2] : null);
            case "unregister" -> unregister();
            case "stats" -> stats(number(w, 1));
            case "calls" -> list();
            case "sleep" -> Thread.sleep((long) (Double.parseDouble(arg(w, 1, "sleep SEC")) * 1000));
            default -> throw new IllegalArgumentException("unknown command '" + cmd + "' (try help)");
        }
    }

    private void transfer(int n, String target) {
        out.printf("call %d: transferring to %s%n", n, target);
        established(n).transfer(target).whenComplete((o, e) -> reportTransfer(n, o, e));
    }

    private void attendedTransfer(int n, int consultation) {
        out.printf("call %d: transferring to the party of call %d%n", n, consultation);
        established(n).transfer(established(consultation)).whenComplete((o, e) -> reportTransfer(n, o, e));
    }

    private void reportTransfer(int n, io.dialtone.session.TransferOutcome o, Throwable e) {
        if (e != null) {
            out.printf("call %d: transfer failed: %s%n", n, e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        } else {
            out.printf("call %d: transfer %s (%d %s)%n", n, o.succeeded() ? "succeeded" : "failed", o.status(), o.reason());
        }
    }

    private void message(String uri, String[] parts) {
        if (parts.length < 3) {
            throw new IllegalArgumentException("usage: message URI TEXT");
        }
        SipResponse rsp = ua.sendMessage(uri, "text/plain", parts[2].getBytes(StandardCharsets.UTF_8)).join();
        out.printf("message to %s: %d %s%n", uri, rsp.statusCode(), rsp.reasonPhrase());
    }

    /** Called by the user agent for each MESSAGE received (on its call executor). */
    int onMessage(SipRequest message) {
        out.printf("message from %s: %s%n", message.from().address(), message.bodyText());
        return 200;
    }

    private void subscribe(String uri, String event) {
        if (subscription != null) {
            throw new IllegalStateException("already subscribed; unsubscribe first");
        }
        subscription = ua.subscribe(uri, event, 3600, (sub, state, type, body) -> out.printf("notify %s (%s): %s%n",
                sub.eventPackage(), state, new String(body, StandardCharsets.UTF_8).strip().replace("\r\n", "; "))).join();
        int status = subscription.response().join();
        out.printf("subscribe %s at %s: %d%n", event, uri, status);
        if (status >= 300) {
            subscription = null;
        }
    }

    private void unsubscribe() {
        if (subscription == null) {
            throw new IllegalStateException("not subscribed");
        }
        ua.unsubscribe(subscription).join();
        subscription = null;
        out.println("unsubscribed");
    }

    private void register(String registrarUri, String aor) {
        if (registration != null) {
            throw new IllegalStateException("already registered; unregister first");
        }
        SipUri registrar = SipUri.parse(registrarUri);
        SipUri aorUri = aor != null ? SipUri.parse(aor) : SipUri.of(user, registrar.host(), registrar.port());
        RegistrationConfig.Builder cfg = RegistrationConfig.builder(registrar, aorUri).contactUser(user);
        if (credentials != null) {
            cfg.credentials(credentials);
        }
        Registration r = ua.register(cfg.build());
        try {
            r.registered().join();
        } catch (CompletionException e) {
            r.unregister();
            throw e;
        }
        registration = r;
        out.printf("registered %s for %d s%n", aorUri, r.grantedExpiresSec());
    }

    private void unregister() {
        if (registration == null) {
            throw new IllegalStateException("not registered");
        }
        registration.unregister().join();
        registration = null;
        out.println("unregistered");
    }

    private void call(String uri) {
        Entry e = new Entry(true, uri, "calling");
        int n = add(e);
        out.printf("call %d: calling %s%n", n, uri);
        ua.call(uri, CallOptions.defaults().withAudio(source.get(), sink)).whenComplete((c, err) -> {
            if (err != null) {
                e.state = "failed";
                Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                out.printf("call %d: failed: %s%n", n, cause.getMessage());
                return;
            }
            established(n, e, c);
        });
    }

    private void established(int n, Entry e, Call c) {
        e.call = c;
        e.state = "established";
        out.printf("call %d: established with %s%n", n, c.remoteParty());
        c.onDtmf(d -> out.printf("call %d: DTMF %s%n", n, d));
        c.ended().thenAccept(reason -> {
            e.state = "ended";
            out.printf("call %d: ended (%s)%n", n, reason.text());
        });
    }

    private void answer(int n) {
        Entry e = entry(n);
        if (e.ringing == null || e.call != null) {
            throw new IllegalStateException("call " + n + " is not ringing");
        }
        established(n, e, e.ringing.answer(source.get(), sink).join());
    }

    private void reject(int n, int status) {
        Entry e = entry(n);
        if (e.ringing == null || e.call != null) {
            throw new IllegalStateException("call " + n + " is not ringing");
        }
        e.ringing.reject(status).join();
    }

    private void hangup(int n) {
        Entry e = entry(n);
        if (e.call != null) {
            e.call.hangup().join();
        } else if (e.ringing != null) {
            e.ringing.reject(603).join();
        } else {
            throw new IllegalStateException("call " + n + " is not up yet");
        }
    }

    private void stats(int n) {
        RtpStreamStats s = established(n).mediaStats();
        if (s == null) {
            out.printf("call %d: no media%n", n);
            return;
        }
        out.printf("call %d: sent %d packets, received %d, lost %d, jitter %.1f ms, concealed %d frames, MOS %s%n",
                n, s.packetsSent(), s.packetsReceived(), s.packetsLost(), s.jitterMs(), s.concealedFrames(),
                s.mos().isPresent() ? String.format(Locale.ROOT, "%.2f", s.mos().getAsDouble()) : "unknown");
    }

    private synchronized void list() {
        if (calls.isEmpty()) {
            out.println("no calls");
        }
        calls.forEach((n, e) -> out.printf("call %d: %s %s %s%n", n, e.outgoing ? "to" : "from", e.remote, e.state));
    }

    private Call established(int n) {
        Call c = entry(n).call;
        if (c == null) {
            throw new IllegalStateException("call " + n + " is not established");
        }
        return c;
    }

    private synchronized Entry entry(int n) {
        Entry e = calls.get(n);
        if (e == null) {
            throw new IllegalArgumentException("no call " + n);
        }
        return e;
    }

    /** {@code w[i]} as a call number, or the most recent call that has not ended. */
    private synchronized int number(String[] w, int i) {
        if (w.length > i) {
            try {
                return Integer.parseInt(w[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a call number: " + w[i]);
            }
        }
        int latest = -1;
        for (Map.Entry<Integer, Entry> e : calls.entrySet()) {
            if (!e.getValue().state.equals("ended") && !e.getValue().state.equals("failed")) {
                latest = e.getKey();
            }
        }
        if (latest < 0) {
            throw new IllegalStateException("no live call");
        }
        return latest;
    }

    private static String arg(String[] w, int i, String usage) {
        if (w.length <= i) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return w[i];
    }
}
