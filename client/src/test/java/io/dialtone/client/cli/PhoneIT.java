package io.dialtone.client.cli;

import io.dialtone.client.Call;
import io.dialtone.client.CallOptions;
import io.dialtone.client.UserAgent;
import io.dialtone.rtp.SilenceSource;
import io.dialtone.rtp.ToneSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dialtone phone}: commands typed on stdin drive real calls with another user agent on 127.0.0.1. */
@DisplayName("dialtone phone")
class PhoneIT {
    private UserAgent peer;
    private UserAgent phoneUa;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private PipedOutputStream typing;
    private CompletableFuture<Integer> exit;

    @AfterEach
    void close() throws Exception {
        if (typing != null) {
            typing.close();
        }
        if (phoneUa != null) {
            phoneUa.close();
        }
        if (peer != null) {
            peer.close();
        }
    }

    /** A PrintStream that collects whole lines. */
    private PrintStream collector() {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                if (b == '\n') {
                    lines.add(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }

    private void startPhone() throws IOException {
        LinkedBlockingQueue<Phone> ready = new LinkedBlockingQueue<>();
        Phone[] holder = new Phone[1];
        phoneUa = UserAgent.builder().listen("127.0.0.1", 0).userName("phone")
                .onMessage(m -> holder[0].onMessage(m))
                .onIncomingCall(in -> holder[0].onIncoming(in)).start();
        holder[0] = new Phone(phoneUa, collector(), () -> new ToneSource(440, 8000, 0.3), (f, n) -> { });
        typing = new PipedOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(new PipedInputStream(typing, 4096), StandardCharsets.UTF_8));
        exit = CompletableFuture.supplyAsync(() -> {
            try {
                return holder[0].run(in);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void type(String command) throws IOException {
        typing.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        typing.flush();
    }

    private String await(Predicate<String> line) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (String l : lines) {
                if (line.test(l)) {
                    return l;
                }
            }
            Thread.sleep(20); // polling the collected output of another thread, bounded
        }
        throw new AssertionError("no such line within 10 s; output: " + lines);
    }

    @Test
    @Timeout(40)
    void placesACallSendsDtmfShowsStatsAndHangsUp() throws Exception {
        LinkedBlockingQueue<Character> digits = new LinkedBlockingQueue<>();
        CompletableFuture<Call> answered = new CompletableFuture<>();
        peer = UserAgent.builder().listen("127.0.0.1", 0).userName("peer").onIncomingCall(in ->
                in.answer(SilenceSource.INSTANCE, (f, n) -> { }).thenAccept(c -> {
                    c.onDtmf(digits::add);
                    answered.complete(c);
                })).start();
        startPhone();
        type("call sip:peer@127.0.0.1:" + peer.localAddress().getPort());
        await(l -> l.equals("call 1: established with <sip:peer@127.0.0.1:" + peer.localAddress().getPort() + ">"));
        type("dtmf 42");
        assertThat(digits.poll(5, TimeUnit.SECONDS)).isEqualTo('4');
        assertThat(digits.poll(5, TimeUnit.SECONDS)).isEqualTo('2');
        type("hold");
        await(l -> l.equals("call 1: hold answered 200"));
        type("resume 1");
        await(l -> l.equals("call 1: resume answered 200"));
        type("stats");
        String stats = await(l -> l.startsWith("call 1: sent "));
        assertThat(stats).matches("call 1: sent [1-9]\\d* packets, .*");
        type("calls");
        await(l -> l.startsWith("call 1: to sip:peer@") && l.endsWith("established"));
        type("hangup");
        await(l -> l.startsWith("call 1: ended"));
        assertThat(answered.get(5, TimeUnit.SECONDS).ended().get(5, TimeUnit.SECONDS).byLocal()).isFalse();
        type("quit");
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    @Timeout(40)
    void blindTransferConnectsThePeerToTheTarget() throws Exception {
        CompletableFuture<Call> atTarget = new CompletableFuture<>();
        try (UserAgent target = UserAgent.builder().listen("127.0.0.1", 0).userName("target")
                .onIncomingCall(in -> in.answer(SilenceSource.INSTANCE, (f, n) -> { }).thenAccept(atTarget::complete)).start()) {
            peer = UserAgent.builder().listen("127.0.0.1", 0).userName("peer").onRefer(r -> true)
                    .onIncomingCall(in -> in.answer(SilenceSource.INSTANCE, (f, n) -> { })).start();
            startPhone();
            type("call sip:peer@127.0.0.1:" + peer.localAddress().getPort());
            await(l -> l.startsWith("call 1: established"));
            type("transfer sip:target@127.0.0.1:" + target.localAddress().getPort());
            await(l -> l.startsWith("call 1: transfer succeeded (200"));
            await(l -> l.startsWith("call 1: ended"));
            Call transferred = atTarget.get(10, TimeUnit.SECONDS);
            assertThat(transferred.remoteParty()).contains("peer@");
            transferred.hangup().get(10, TimeUnit.SECONDS);
            type("quit");
            assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        }
    }

    @Test
    @Timeout(40)
    void sendsAndReceivesMessagesAndSubscribesToMessageSummary() throws Exception {
        LinkedBlockingQueue<String> atPeer = new LinkedBlockingQueue<>();
        io.dialtone.session.event.MessageSummaryPackage mwi = new io.dialtone.session.event.MessageSummaryPackage();
        peer = UserAgent.builder().listen("127.0.0.1", 0).userName("peer").eventPackage(mwi)
                .onMessage(m -> {
                    atPeer.add(m.bodyText());
                    return 200;
                }).start();
        startPhone();
        int port = peer.localAddress().getPort();
        type("message sip:peer@127.0.0.1:" + port + " hello there, peer");
        await(l -> l.equals("message to sip:peer@127.0.0.1:" + port + ": 200 OK"));
        assertThat(atPeer.poll(5, TimeUnit.SECONDS)).isEqualTo("hello there, peer");
        peer.sendMessage("sip:dialtone@127.0.0.1:" + phoneUa.localAddress().getPort(), "text/plain",
                "and hello back".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
        await(l -> l.startsWith("message from ") && l.endsWith(": and hello back"));
        type("subscribe sip:peer@127.0.0.1:" + port + " message-summary");
        await(l -> l.startsWith("subscribe message-summary at sip:peer@127.0.0.1:" + port + ": 2"));
        await(l -> l.startsWith("notify message-summary") && l.contains("Messages-Waiting: no"));
        type("unsubscribe");
        await(l -> l.equals("unsubscribed"));
        type("quit");
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    @Timeout(40)
    void registersWithARegistrarAndUnregisters() throws Exception {
        peer = UserAgent.builder().listen("127.0.0.1", 0).userName("registrar").registrar().start();
        startPhone();
        int port = peer.localAddress().getPort();
        type("register sip:127.0.0.1:" + port);
        await(l -> l.startsWith("registered sip:dialtone@127.0.0.1:" + port + " for "));
        assertThat(peer.locationService().lookup(io.dialtone.session.register.LocationService.aorKey(io.dialtone.message.SipUri.parse("sip:dialtone@127.0.0.1")), java.time.Instant.now())).hasSize(1);
        type("register sip:127.0.0.1:" + port);
        await(l -> l.equals("error: already registered; unregister first"));
        type("unregister");
        await(l -> l.equals("unregistered"));
        assertThat(peer.locationService().lookup(io.dialtone.session.register.LocationService.aorKey(io.dialtone.message.SipUri.parse("sip:dialtone@127.0.0.1")), java.time.Instant.now())).isEmpty();
        type("quit");
        assertThat(exit.get(10, TimeUnit.SECONDS)).as("one command failed").isEqualTo(1);
    }

    @Test
    @Timeout(40)
    void answersAnIncomingCallAndReportsBadCommands() throws Exception {
        peer = UserAgent.builder().listen("127.0.0.1", 0).userName("peer").start();
        startPhone();
        CompletableFuture<Call> outgoing = peer.call("sip:phone@127.0.0.1:" + phoneUa.localAddress().getPort(),
                CallOptions.defaults().withAudio(SilenceSource.INSTANCE, (f, n) -> { }));
        await(l -> l.startsWith("call 1: incoming from "));
        type("answer 1");
        await(l -> l.startsWith("call 1: established"));
        Call theirs = outgoing.get(10, TimeUnit.SECONDS);
        type("frobnicate");
        await(l -> l.equals("error: unknown command 'frobnicate' (try help)"));
        type("answer 7");
        await(l -> l.equals("error: no call 7"));
        theirs.hangup().get(10, TimeUnit.SECONDS);
        await(l -> l.startsWith("call 1: ended (remote BYE"));
        type("quit");
        assertThat(exit.get(10, TimeUnit.SECONDS)).as("two commands failed").isEqualTo(1);
    }
}
