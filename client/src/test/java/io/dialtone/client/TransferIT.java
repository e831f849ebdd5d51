package io.dialtone.client;

import io.dialtone.message.SipResponse;
import io.dialtone.message.header.SubscriptionState;
import io.dialtone.rtp.SilenceSource;
import io.dialtone.session.EndReason;
import io.dialtone.session.Subscription;
import io.dialtone.session.TransferOutcome;
import io.dialtone.session.event.MessageSummary;
import io.dialtone.session.event.MessageSummaryPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three {@link UserAgent}s over loopback: blind and attended transfer (RFC 3515, RFC 3891,
 * RFC 3892, RFC 5589), MESSAGE (RFC 3428) and a message-summary subscription (RFC 6665, RFC 3842)
 * through the public API, each agent with several call executors so that Call-IDs of one transfer
 * land on different ones.
 */
@DisplayName("Transfer, MESSAGE and SUBSCRIBE through the UserAgent API")
class TransferIT {
    private final List<UserAgent> agents = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<IncomingCall> atBob = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<IncomingCall> atCarol = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Call> transferredByBob = new LinkedBlockingQueue<>();

    @AfterEach
    void close() {
        agents.forEach(UserAgent::close);
    }

    private UserAgent start(UserAgent.Builder b) {
        UserAgent ua = b.listen("127.0.0.1", 0).start();
        agents.add(ua);
        return ua;
    }

    private static String uri(String user, UserAgent ua) {
        return "sip:" + user + "@127.0.0.1:" + ua.localAddress().getPort();
    }

    private static Call answer(IncomingCall in) throws Exception {
        return in.answer(SilenceSource.INSTANCE, (f, n) -> { }).get(5, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("blind: Bob calls Carol at Alice's request, Alice's call ends, Bob stays with Carol")
    void blindTransfer() throws Exception {
        UserAgent alice = start(UserAgent.builder().userName("alice"));
        UserAgent bob = start(UserAgent.builder().userName("bob").onIncomingCall(atBob::add)
                .onRefer(r -> r.target().userName().equals("carol")).onTransferredCall(transferredByBob::add));
        UserAgent carol = start(UserAgent.builder().userName("carol").onIncomingCall(atCarol::add));

        CompletableFuture<Call> placingAliceBob = alice.call(uri("bob", bob));
        Call bobAlice = answer(atBob.poll(5, TimeUnit.SECONDS));
        Call aliceBob = placingAliceBob.get(5, TimeUnit.SECONDS);
        CompletableFuture<TransferOutcome> outcome = aliceBob.transfer(uri("carol", carol));
        IncomingCall toCarol = atCarol.poll(5, TimeUnit.SECONDS);
        assertThat(toCarol).isNotNull();
        assertThat(toCarol.from()).contains("bob");
        Call carolBob = answer(toCarol);

        TransferOutcome o = outcome.get(10, TimeUnit.SECONDS);
        assertThat(o.succeeded()).isTrue();
        assertThat(o.status()).isEqualTo(200);
        // both ends send BYE on success (the transferor per RFC 5589 §6, the transferee after its final NOTIFY):
        // whichever comes first ends the call, the other is answered 200 or 481
        assertThat(aliceBob.ended().get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(bobAlice.ended().get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        Call bobCarol = transferredByBob.poll(5, TimeUnit.SECONDS);
        assertThat(bobCarol.answered()).isTrue();
        bobCarol.hangup().get(5, TimeUnit.SECONDS);
        assertThat(carolBob.ended().get(5, TimeUnit.SECONDS).byLocal()).isFalse();
    }

    @Test
    void declinedTransferKeepsTheCall() throws Exception {
        UserAgent alice = start(UserAgent.builder().userName("alice"));
        UserAgent bob = start(UserAgent.builder().userName("bob").onIncomingCall(atBob::add)); // no onRefer: 603
        CompletableFuture<Call> placingAliceBob = alice.call(uri("bob", bob));
        Call bobAlice = answer(atBob.poll(5, TimeUnit.SECONDS));
        Call aliceBob = placingAliceBob.get(5, TimeUnit.SECONDS);
        TransferOutcome o = aliceBob.transfer("sip:carol@127.0.0.1:9").get(10, TimeUnit.SECONDS);
        assertThat(o).extracting(TransferOutcome::succeeded, TransferOutcome::status).containsExactly(false, 603);
        assertThat(aliceBob.ended()).isNotDone();
        aliceBob.hangup().get(5, TimeUnit.SECONDS);
        bobAlice.ended().get(5, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("attended: Bob's INVITE replaces Alice's consultation call with Carol (RFC 3891)")
    void attendedTransfer() throws Exception {
        UserAgent alice = start(UserAgent.builder().userName("alice"));
        UserAgent bob = start(UserAgent.builder().userName("bob").onIncomingCall(atBob::add)
                .onRefer(r -> true).onTransferredCall(transferredByBob::add));
        UserAgent carol = start(UserAgent.builder().userName("carol").onIncomingCall(atCarol::add));

        CompletableFuture<Call> placingAliceBob = alice.call(uri("bob", bob));
        answer(atBob.poll(5, TimeUnit.SECONDS));
        Call aliceBob = placingAliceBob.get(5, TimeUnit.SECONDS);
        CompletableFuture<Call> placingConsultation = alice.call(uri("carol", carol));
        Call carolAlice = answer(atCarol.poll(5, TimeUnit.SECONDS));
        Call consultation = placingConsultation.get(5, TimeUnit.SECONDS);

        CompletableFuture<TransferOutcome> outcome = aliceBob.transfer(consultation);
        IncomingCall replacing = atCarol.poll(5, TimeUnit.SECONDS);
        assertThat(replacing).isNotNull();
        assertThat(replacing.replaces()).startsWith(consultation.callId() + ";");
        Call carolBob = answer(replacing);

        assertThat(outcome.get(10, TimeUnit.SECONDS).succeeded()).isTrue();
        EndReason consultationEnd = consultation.ended().get(5, TimeUnit.SECONDS);
        assertThat(consultationEnd.byLocal()).as("Carol ended the replaced dialog with BYE").isFalse();
        assertThat(carolAlice.ended().get(5, TimeUnit.SECONDS).byLocal()).isTrue();
        assertThat(aliceBob.ended().get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        Call bobCarol = transferredByBob.poll(5, TimeUnit.SECONDS);
        assertThat(bobCarol.answered()).isTrue();
        bobCarol.hangup().get(5, TimeUnit.SECONDS);
        carolBob.ended().get(5, TimeUnit.SECONDS);
    }

    @Test
    void messageOutsideAndInsideACall() throws Exception {
        LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
        UserAgent alice = start(UserAgent.builder().userName("alice"));
        UserAgent bob = start(UserAgent.builder().userName("bob").onIncomingCall(atBob::add).onMessage(m -> {
            got.add(m.bodyText());
            return 200;
        }));
        SipResponse r = alice.sendMessage(uri("bob", bob), "text/plain", "hello".getBytes(StandardCharsets.UTF_8))
                .get(5, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("hello");
        assertThat(bob.sendMessage(uri("alice", alice), "text/plain", new byte[] {'x'}).get(5, TimeUnit.SECONDS)
                .statusCode()).as("no listener at Alice").isEqualTo(480);

        CompletableFuture<Call> placingCall = alice.call(uri("bob", bob));
        answer(atBob.poll(5, TimeUnit.SECONDS));
        Call call = placingCall.get(5, TimeUnit.SECONDS);
        assertThat(call.sendMessage("text/plain", "in call".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS)
                .statusCode()).isEqualTo(200);
        assertThat(got.poll(5, TimeUnit.SECONDS)).isEqualTo("in call");
        call.hangup().get(5, TimeUnit.SECONDS);
    }

    @Test
    void messageSummarySubscription() throws Exception {
        MessageSummaryPackage mwi = new MessageSummaryPackage();
        LinkedBlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        UserAgent alice = start(UserAgent.builder().userName("alice"));
        UserAgent bob = start(UserAgent.builder().userName("bob").eventPackage(mwi));
        Subscription sub = alice.subscribe(uri("alice", bob), MessageSummaryPackage.NAME, 600,
                (s, state, type, body) -> bodies.add(state.state() + " " + new String(body, StandardCharsets.UTF_8)))
                .get(5, TimeUnit.SECONDS);
        assertThat(sub.response().get(5, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(bodies.poll(5, TimeUnit.SECONDS)).isEqualTo("active Messages-Waiting: no\r\n");
        mwi.set("sip:alice@127.0.0.1", MessageSummary.voice(null, 3, 1, 1, 0));
        assertThat(bodies.poll(5, TimeUnit.SECONDS)).isEqualTo("active Messages-Waiting: yes\r\nVoice-Message: 3/1 (1/0)\r\n");
        SubscriptionState end = alice.unsubscribe(sub).get(5, TimeUnit.SECONDS);
        assertThat(end.isTerminated()).isTrue();
        assertThat(bodies.poll(5, TimeUnit.SECONDS)).startsWith("terminated ");
        assertThat(alice.subscribe(uri("alice", bob), "presence", 600, (s, st, t, b) -> { }).get(5, TimeUnit.SECONDS)
                .response().get(5, TimeUnit.SECONDS)).isEqualTo(489);
    }
}
