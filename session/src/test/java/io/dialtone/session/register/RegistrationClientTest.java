package io.dialtone.session.register;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.transaction.ServerTransaction;
import io.dialtone.transaction.TimerConfig;
import io.dialtone.transaction.TransactionLayer;
import io.dialtone.transaction.TransactionUser;
import io.dialtone.transport.Inbound;
import io.dialtone.transport.VirtualScheduler;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RFC 3261 §10.2 / RFC 5626 §4 registration client")
class RegistrationClientTest {
    static final SipUri REGISTRAR = SipUri.parse("sip:127.0.0.1:5090");
    static final SipUri AOR = SipUri.parse("sip:alice@127.0.0.1");
    static final String INSTANCE = "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6";
    static final Inbound FROM_REGISTRAR = new Inbound("UDP", new InetSocketAddress("127.0.0.1", 5090),
            RegisterFixture.LOCAL);

    final VirtualScheduler time = new VirtualScheduler();
    final RegisterFixture.Wire wire = new RegisterFixture.Wire(time);
    final TransactionLayer transactions = new TransactionLayer(wire, time, TimerConfig.DEFAULT, new TransactionUser() {
        @Override
        public void onRequest(ServerTransaction tx, SipRequest req, Inbound source) { }

        @Override
        public void onAck(SipRequest ack, Inbound source) { }

        @Override
        public void onStrayResponse(SipResponse rsp, Inbound source) { }
    });
    final List<String> transitions = new ArrayList<>();

    RegistrationClient client(UnaryOperator<RegistrationConfig.Builder> more) {
        RegistrationConfig cfg = more.apply(RegistrationConfig.builder(REGISTRAR, AOR).instanceId(INSTANCE).jitter(() -> 1.0)).build();
        return new RegistrationClient(cfg, "reg-1@127.0.0.1", transactions, wire, time,
                (from, to, cause, detail) -> transitions.add(from + "->" + to));
    }

    RegistrationClient started(UnaryOperator<RegistrationConfig.Builder> more) {
        RegistrationClient c = client(more);
        c.start();
        return c;
    }

    void respond(SipRequest req, int status, UnaryOperator<SipResponse.Builder> more) {
        SipResponse.Builder b = SipResponse.to(req, status).toTag("reg-tag");
        transactions.onResponse(more.apply(b).build(), FROM_REGISTRAR);
    }

    /** The registrar's 200 listing our contact with {@code expires}. */
    void ok(SipRequest req, long expires) {
        String contact = req.contacts().get(0).withParam("expires", Long.toString(expires)).toString();
        respond(req, 200, b -> b.header("Contact", contact));
    }

    SipRequest lastRegister() {
        return wire.lastRequest(SipMethod.REGISTER);
    }

    void advance(double seconds) {
        time.advance(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    @Nested
    class Registering {
        @Test
        void theRegisterNamesTheAorTheInstanceAndRegId() {
            started(b -> b);
            SipRequest r = lastRegister();
            assertThat(r.requestUri()).isEqualTo(REGISTRAR);
            assertThat(r.to().uri()).isEqualTo(AOR);
            assertThat(r.from().uri()).isEqualTo(AOR);
            assertThat(r.from().tag()).isNotNull();
            assertThat(r.cseq().number()).isEqualTo(1);
            assertThat(r.header("Expires")).contains("3600");
            assertThat(r.lists("Supported", "outbound")).isTrue();
            NameAddr c = r.contacts().get(0);
            assertThat(c.uri().toString()).isEqualTo("sip:alice@127.0.0.1:5060");
            assertThat(c.params().get("+sip.instance")).contains("\"<" + INSTANCE + ">\"");
            assertThat(c.params().get("reg-id")).contains("1");
            assertThat(wire.lastDestination(SipMethod.REGISTER).address()).isEqualTo(new InetSocketAddress("127.0.0.1", 5090));
        }

        @Test
        void aTcpRegistrationSaysSoInVia() {
            started(b -> b.transport("tcp"));
            SipRequest r = lastRegister();
            assertThat(r.topVia().transport()).isEqualTo("TCP");
            assertThat(r.contacts().get(0).uri().transportParam()).isEqualTo("tcp");
        }

        @Test
        void theOkCompletesTheFutureAndTheListenerSeesRegistered() throws Exception {
            RegistrationClient c = started(b -> b);
            ok(lastRegister(), 3600);
            assertThat(c.state()).isEqualTo(RegistrationState.REGISTERED);
            assertThat(c.registered().get().statusCode()).isEqualTo(200);
            assertThat(c.grantedExpiresSec()).isEqualTo(3600);
            assertThat(transitions).containsExactly("REGISTERING->REGISTERED");
        }

        @Test
        void anOutboundProxyGetsTheRequestWithARouteWhileTheRequestUriStaysTheRegistrar() {
            started(b -> b.outboundProxy(SipUri.parse("sip:127.0.0.1:5095")));
            SipRequest r = lastRegister();
            assertThat(r.requestUri()).isEqualTo(REGISTRAR);
            assertThat(r.routes()).extracting(NameAddr::toString).containsExactly("<sip:127.0.0.1:5095;lr>");
            assertThat(wire.lastDestination(SipMethod.REGISTER).address()).isEqualTo(new InetSocketAddress("127.0.0.1", 5095));
        }
    }

    @Nested
    class Refreshing {
        @Test
        void aLongRegistrationIsRefreshedTenMinutesBeforeItLapses() {
            started(b -> b);
            ok(lastRegister(), 3600);
            advance(2999);
            assertThat(wire.requests(SipMethod.REGISTER)).hasSize(1);
            advance(1);
            assertThat(wire.requests(SipMethod.REGISTER)).hasSize(2);
        }

        @Test
        void aShortRegistrationIsRefreshedAtHalfTime() {
            started(b -> b);
            ok(lastRegister(), 120);
            advance(60);
            assertThat(wire.requestTimes(SipMethod.REGISTER)).containsExactly(0L, 60_000L);
        }

        @Test
        void theGrantedExpiryIsOurContactsNotTheRequestedOne() {
            RegistrationClient c = started(b -> b.expiresSec(3600));
            SipRequest r = lastRegister();
            String ours = r.contacts().get(0).withParam("expires", "300").toString();
            respond(r, 200, b -> b.header("Contact", "<sip:other@10.0.0.1>;expires=900").header("Contact", ours)
                    .header("Expires", "1800"));
            assertThat(c.grantedExpiresSec()).isEqualTo(300);
        }

        @Test
        void withoutAContactExpiresTheExpiresHeaderIsGranted() {
            RegistrationClient c = started(b -> b);
            respond(lastRegister(), 200, b -> b.header("Expires", "240"));
            assertThat(c.grantedExpiresSec()).isEqualTo(240);
            respond(lastRegister(), 200, b -> b); // retransmission ignored by the completed transaction
            advance(120);
            assertThat(wire.requests(SipMethod.REGISTER)).hasSize(2);
        }

        @Test
        void refreshesKeepTheCallIdAndIncrementCSeq() {
            started(b -> b);
            ok(lastRegister(), 120);
            advance(60);
            ok(lastRegister(), 120);
            advance(60);
            List<SipRequest> all = wire.requests(SipMethod.REGISTER);
            assertThat(all).extracting(SipRequest::callId).containsOnly("reg-1@127.0.0.1");
            assertThat(all).extracting(r -> r.cseq().number()).containsExactly(1L, 2L, 3L);
            assertThat(all).extracting(r -> r.from().tag()).containsOnly(all.get(0).from().tag());
            assertThat(all).extracting(r -> r.topVia().branch()).doesNotHaveDuplicates();
        }
    }

    @Nested
    class IntervalTooBrief {
        @Test
        void a423IsRetriedWithMinExpires() {
            RegistrationClient c = started(b -> b.expiresSec(60));
            respond(lastRegister(), 423, b -> b.header("Min-Expires", "600"));
            SipRequest retry = lastRegister();
            assertThat(retry.header("Expires")).contains("600");
            assertThat(retry.cseq().number()).isEqualTo(2);
            ok(retry, 600);
            assertThat(c.state()).isEqualTo(RegistrationState.REGISTERED);
        }

        @Test
        void a423AskingForNoMoreFailsInsteadOfLooping() {
            RegistrationClient c = started(b -> b.expiresSec(600));
            respond(lastRegister(), 423, b -> b.header("Min-Expires", "600"));
            assertThat(c.state()).isEqualTo(RegistrationState.FAILED);
            assertThat(wire.requests(SipMethod.REGISTER)).hasSize(1);
            advance(5); // Timer K of the transaction
            assertThat(time.pending()).isZero();
        }
    }

    @Nested
    class Failing {
        @Test
        void backoffFollowsRfc5626WithFullJitter() {
            RegistrationClient c = started(b -> b);
            List<Long> expected = new ArrayList<>();
            long at = 0;
            for (long wait : new long[] {60, 120, 240, 480, 960, 1800, 1800}) {
                respond(lastRegister(), 503, b -> b);
                assertThat(c.state()).isEqualTo(RegistrationState.RETRY_WAIT);
                at += wait * 1000;
                expected.add(at);
                advance(wait);
            }
            List<Long> times = wire.requestTimes(SipMethod.REGISTER);
            assertThat(times.subList(1, times.size())).containsExactlyElementsOf(expected);
            assertThat(c.failures()).isEqualTo(7);
        }

        @Test
        void theJitterPlacesTheWaitBetweenHalfAndAllOfIt() {
            RegistrationClient low = client(b -> b.jitter(() -> 0.0));
            RegistrationClient mid = client(b -> b.jitter(() -> 0.5).retryBaseSec(90));
            assertThat(low.backoff(1)).isEqualTo(Duration.ofSeconds(30));
            assertThat(low.backoff(20)).isEqualTo(Duration.ofSeconds(900));
            assertThat(mid.backoff(1)).isEqualTo(Duration.ofSeconds(135));
        }

        @Test
        void aSuccessResetsTheFailureCount() {
            RegistrationClient c = started(b -> b);
            respond(lastRegister(), 500, b -> b);
            advance(60);
            ok(lastRegister(), 3600);
            assertThat(c.failures()).isZero();
        }

        @Test
        void aTimeoutFailsTheFirstFutureAndRetries() {
            RegistrationClient c = started(b -> b);
            advance(32); // Timer F
            assertThat(c.state()).isEqualTo(RegistrationState.RETRY_WAIT);
            assertThatThrownBy(() -> c.registered().get()).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(RegistrationException.class, e -> assertThat(e.status()).isEqualTo(408));
            int before = wire.requests(SipMethod.REGISTER).size();
            advance(60);
            assertThat(wire.requests(SipMethod.REGISTER)).hasSize(before + 1);
            assertThat(c.state()).isEqualTo(RegistrationState.REGISTERING);
        }

        @Test
        void aFailedRefreshRetriesWithBackoff() {
            RegistrationClient c = started(b -> b);
            ok(lastRegister(), 120);
            advance(60);
            respond(lastRegister(), 503, b -> b);
            assertThat(c.state()).isEqualTo(RegistrationState.RETRY_WAIT);
            advance(60);
            assertThat(wire.requests(SipMethod.REGISTER)).hasSize(3);
        }

        @Test
        void a403IsFinal() {
            RegistrationClient c = started(b -> b);
            respond(lastRegister(), 403, b -> b);
            assertThat(c.state()).isEqualTo(RegistrationState.FAILED);
            assertThatThrownBy(() -> c.registered().get()).cause()
                    .isInstanceOfSatisfying(RegistrationException.class, e -> assertThat(e.status()).isEqualTo(403));
            advance(3600);
            assertThat(wire.requests(SipMethod.REGISTER)).hasSize(1);
        }

        @Test
        void aChallengeWithoutCredentialsIsFinal() {
            RegistrationClient c = started(b -> b);
            respond(lastRegister(), 401, b -> b.header("WWW-Authenticate", "Digest realm=\"x\", nonce=\"n\""));
            assertThat(c.state()).isEqualTo(RegistrationState.FAILED);
            assertThatThrownBy(() -> c.registered().get()).cause().hasMessageContaining("no credentials");
            advance(5); // Timer K of the transaction
            assertThat(time.pending()).isZero();
        }
    }

    @Nested
    class Unregistering {
        @Test
        void unregisterSendsExpiresZeroForOurContactAndCompletes() throws Exception {
            RegistrationClient c = started(b -> b);
            ok(lastRegister(), 3600);
            var done = c.unregister();
            SipRequest r = lastRegister();
            assertThat(r.header("Expires")).contains("0");
            assertThat(r.contacts().get(0).params().get("expires")).contains("0");
            assertThat(r.cseq().number()).isEqualTo(2);
            assertThat(c.state()).isEqualTo(RegistrationState.UNREGISTERING);
            respond(r, 200, b -> b);
            assertThat(done).isCompleted();
            done.get();
            assertThat(c.state()).isEqualTo(RegistrationState.UNREGISTERED);
            advance(4000);
            assertThat(wire.requests(SipMethod.REGISTER)).hasSize(2);
            assertThat(time.pending()).isZero();
        }

        @Test
        void unregisterWaitsForTheRequestInFlight() {
            RegistrationClient c = started(b -> b);
            var done = c.unregister();
            assertThat(wire.requests(SipMethod.REGISTER)).hasSize(1); // §10.2.4: one at a time
            ok(wire.requests(SipMethod.REGISTER).get(0), 3600);
            SipRequest removal = lastRegister();
            assertThat(removal.header("Expires")).contains("0");
            respond(removal, 200, b -> b);
            assertThat(done).isCompleted();
            assertThat(c.state()).isEqualTo(RegistrationState.UNREGISTERED);
        }

        @Test
        void aFailedUnregisterFailsTheFuture() {
            RegistrationClient c = started(b -> b);
            ok(lastRegister(), 3600);
            var done = c.unregister();
            respond(lastRegister(), 500, b -> b);
            assertThat(done).isCompletedExceptionally();
            assertThat(c.state()).isEqualTo(RegistrationState.FAILED);
        }
    }

    @Nested
    class KeepAlive {
        @Test
        void optionsGoToTheRegistrarEveryIntervalWhileRegistered() {
            started(b -> b.keepAliveSec(30));
            ok(lastRegister(), 3600);
            advance(30);
            SipRequest o = wire.lastRequest(SipMethod.OPTIONS);
            assertThat(o.requestUri()).isEqualTo(REGISTRAR);
            assertThat(o.callId()).isEqualTo("reg-1@127.0.0.1");
            respond(o, 200, b -> b);
            advance(30);
            respond(wire.lastRequest(SipMethod.OPTIONS), 405, b -> b); // any final answer shows the flow works
            advance(30);
            assertThat(wire.requestTimes(SipMethod.OPTIONS)).containsExactly(30_000L, 60_000L, 90_000L);
        }

        @Test
        void aKeepAliveTimeoutReRegistersAtOnce() {
            RegistrationClient c = started(b -> b.keepAliveSec(30));
            ok(lastRegister(), 3600);
            advance(30 + 32); // the OPTIONS's Timer F
            assertThat(wire.requests(SipMethod.REGISTER)).hasSize(2);
            assertThat(c.state()).isEqualTo(RegistrationState.REGISTERING);
            assertThat(transitions).containsExactly("REGISTERING->REGISTERED", "REGISTERED->REGISTERING");
        }

        @Test
        void noKeepAliveByDefault() {
            started(b -> b);
            ok(lastRegister(), 3600);
            advance(600);
            assertThat(wire.requests(SipMethod.OPTIONS)).isEmpty();
        }
    }
}
