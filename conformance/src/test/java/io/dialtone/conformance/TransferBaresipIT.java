package io.dialtone.conformance;

import io.dialtone.client.Call;
import io.dialtone.client.IncomingCall;
import io.dialtone.client.UserAgent;
import io.dialtone.rtp.SilenceSource;
import io.dialtone.session.TransferOutcome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attended transfer among three parties, one of them baresip 1.0 (RFC 3515, RFC 3891, RFC 5589
 * §7): Alice (dialtone, in-process) calls baresip, then Carol (dialtone, in-process), and asks
 * baresip with a REFER whose Refer-To carries Carol's address and {@code ?Replaces=} of the
 * consultation dialog to call Carol. baresip, the transferee, answers 202, calls Carol and reports
 * that call in {@code message/sipfrag} NOTIFYs, which our transferor must read as a success; the
 * transferred call then ends.
 *
 * <p>baresip 1.0.0 does not apply the URI's {@code ?Replaces=} as a header (it puts the URI,
 * partly unescaped, in its Request-URI and To), so Carol sees a new call rather than a replacing
 * one, and Alice ends the consultation herself, the fallback RFC 5589 §7.2 describes for a
 * transferee without Replaces. Should baresip send Replaces, Carol's stack ends the consultation
 * with BYE instead; the test checks whichever happened is consistent.
 *
 * <p>The other way round, baresip is the transferor of a blind transfer (its menu command
 * {@code transfer}, sent through {@code ctrl_tcp}): Bob (dialtone) accepts the REFER, calls Carol and
 * reports it in NOTIFYs that baresip must take as success.
 */
@DisplayName("baresip 1.0 in transfers (RFC 3515), as transferee and as transferor")
class TransferBaresipIT {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void attendedTransferThroughBaresip(TestInfo info) throws Exception {
        Baresip.requireInstalled();
        Path logs = LogDirs.of(info);
        Path wav = Wav.writeTone(logs.resolve("tone400.wav"), 400, 30, 0.3);
        Baresip baresip = Baresip.allocate(logs.resolve("baresip"), wav);
        LinkedBlockingQueue<IncomingCall> atCarol = new LinkedBlockingQueue<>();
        try (PeerProcess bob = baresip.answer("baresip-transferee", logs);
             UserAgent alice = UserAgent.builder().listen("127.0.0.1", 0).userName("alice").start();
             UserAgent carol = UserAgent.builder().listen("127.0.0.1", 0).userName("carol").onIncomingCall(atCarol::add).start()) {
            Call aliceBob = alice.call(baresip.uri()).get(20, TimeUnit.SECONDS);
            assertThat(aliceBob.answered()).as(bob.describe()).isTrue();
            CompletableFuture<Call> consulting = alice.call("sip:carol@127.0.0.1:" + carol.localAddress().getPort());
            Call carolAlice = atCarol.poll(10, TimeUnit.SECONDS)
                    .answer(SilenceSource.INSTANCE, (f, n) -> { }).get(5, TimeUnit.SECONDS);
            Call consultation = consulting.get(10, TimeUnit.SECONDS);

            CompletableFuture<TransferOutcome> outcome = aliceBob.transfer(consultation);
            IncomingCall fromBob = atCarol.poll(20, TimeUnit.SECONDS);
            assertThat(fromBob).as("baresip's INVITE to Carol; " + bob.describe()).isNotNull();
            assertThat(fromBob.from()).contains("baresip@");
            Call carolBob = fromBob.answer(SilenceSource.INSTANCE, (f, n) -> { }).get(5, TimeUnit.SECONDS);
            TransferOutcome o = outcome.get(20, TimeUnit.SECONDS);
            assertThat(o.succeeded()).as(o + "; " + bob.describe()).isTrue();
            assertThat(aliceBob.ended().get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            if (fromBob.replaces() != null) { // RFC 3891 §3: Carol ends the replaced consultation
                assertThat(consultation.ended().get(10, TimeUnit.SECONDS).byLocal()).isFalse();
            } else { // RFC 5589 §7.2 fallback: the transferor ends it
                assertThat(consultation.hangup().get(10, TimeUnit.SECONDS).byLocal()).isTrue();
            }
            assertThat(carolAlice.ended().get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(carolBob.hangup().get(10, TimeUnit.SECONDS).byLocal()).isTrue();
            bob.terminate(Duration.ofSeconds(20));
        }
    }

    @Test
    @DisplayName("baresip transfers its call with Bob to Carol (blind); Bob is the dialtone transferee")
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void blindTransferByBaresip(TestInfo info) throws Exception {
        Baresip.requireInstalled();
        Path logs = LogDirs.of(info);
        Path wav = Wav.writeTone(logs.resolve("tone400.wav"), 400, 30, 0.3);
        Baresip baresip = Baresip.allocate(logs.resolve("baresip"), wav);
        int ctrlPort = BaresipCtrl.enable(baresip.configFile());
        LinkedBlockingQueue<Call> atBob = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Call> transferred = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Call> atCarol = new LinkedBlockingQueue<>();
        try (UserAgent carol = UserAgent.builder().listen("127.0.0.1", 0).userName("carol")
                .onIncomingCall(in -> in.answer(SilenceSource.INSTANCE, (f, n) -> { }).thenAccept(atCarol::add)).start();
             UserAgent bob = UserAgent.builder().listen("127.0.0.1", 0).userName("bob")
                     .onIncomingCall(in -> in.answer(SilenceSource.INSTANCE, (f, n) -> { }).thenAccept(atBob::add))
                     .onRefer(r -> true).onTransferredCall(transferred::add).start();
             PeerProcess alice = baresip.dial("baresip-transferor", logs,
                     "sip:bob@127.0.0.1:" + bob.localAddress().getPort(), 20)) {
            alice.awaitStdout(l -> l.contains("Call established"), Duration.ofSeconds(20));
            Call bobAlice = atBob.poll(10, TimeUnit.SECONDS);
            assertThat(bobAlice).as(alice.describe()).isNotNull();
            try (Socket ctrl = BaresipCtrl.connect(ctrlPort, alice)) {
                BaresipCtrl.command(ctrl, "transfer", "sip:carol@127.0.0.1:" + carol.localAddress().getPort());
            }
            Call bobCarol = transferred.poll(20, TimeUnit.SECONDS);
            assertThat(bobCarol).as("Bob's call to the Refer-To target; " + alice.describe()).isNotNull();
            assertThat(bobCarol.answered()).isTrue();
            assertThat(atCarol.poll(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(bobAlice.ended().get(20, TimeUnit.SECONDS).status()).as(alice.describe()).isEqualTo(200);
            assertThat(alice.stdout()).as("baresip read our NOTIFYs as success").noneMatch(l -> l.contains("transfer failure"));
            assertThat(bobCarol.hangup().get(10, TimeUnit.SECONDS).byLocal()).isTrue();
            alice.terminate(Duration.ofSeconds(20));
        }
    }
}
