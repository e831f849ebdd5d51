package io.dialtone.client;

import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.rtp.SilenceSource;
import io.dialtone.session.register.RegistrationConfig;
import io.dialtone.session.register.RegistrationException;
import io.dialtone.session.register.RegistrationState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The UserAgent API for RFC 3261 §10 over loopback: one agent as registrar and proxy, one
 * registering through it and receiving the calls it routes, one calling through it.
 */
@DisplayName("UserAgent registration, registrar and routing over loopback")
class RegistrationIT {
    private final List<UserAgent> agents = new ArrayList<>();

    @AfterEach
    void close() {
        agents.forEach(UserAgent::close);
    }

    private UserAgent start(UserAgent.Builder b) {
        UserAgent ua = b.start();
        agents.add(ua);
        return ua;
    }

    @Test
    void registerRouteCallAndUnregister() throws Exception {
        UserAgent registrar = start(UserAgent.builder().listen("127.0.0.1", 0).media(false).registrar());
        String proxy = "sip:127.0.0.1:" + registrar.localAddress().getPort();
        SipUri aor = SipUri.parse("sip:alice@127.0.0.1:" + registrar.localAddress().getPort());
        CompletableFuture<String> routedTo = new CompletableFuture<>();
        UserAgent alice = start(UserAgent.builder().listen("127.0.0.1", 0).media(false).userName("alice")
                .outboundProxy(proxy)
                .onIncomingCall(in -> {
                    routedTo.complete(in.callId());
                    in.answer(SilenceSource.INSTANCE, (f, n) -> { });
                }));
        List<String> changes = java.util.Collections.synchronizedList(new ArrayList<>());
        Registration reg = alice.register(RegistrationConfig.builder(SipUri.parse(proxy), aor).build(),
                (from, to, cause, detail) -> changes.add(from + "->" + to));
        reg.registered().get(10, TimeUnit.SECONDS);
        assertThat(changes).containsExactly("REGISTERING->REGISTERED");
        assertThat(reg.state()).isEqualTo(RegistrationState.REGISTERED);
        assertThat(reg.grantedExpiresSec()).isEqualTo(3600);
        assertThat(registrar.locationService().lookup("sip:alice@127.0.0.1", java.time.Instant.now())).hasSize(1);

        UserAgent caller = start(UserAgent.builder().listen("127.0.0.1", 0).media(false).outboundProxy(proxy));
        Call call = caller.call(aor.toString()).get(10, TimeUnit.SECONDS);
        assertThat(call.status()).isEqualTo(200);
        assertThat(routedTo.get(5, TimeUnit.SECONDS)).isEqualTo(call.callId());
        call.hangup().get(10, TimeUnit.SECONDS);

        SipResponse options = caller.options(proxy, "udp").get(10, TimeUnit.SECONDS);
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.headerList("Allow")).contains("INVITE", "OPTIONS");

        reg.unregister().get(10, TimeUnit.SECONDS);
        assertThat(reg.state()).isEqualTo(RegistrationState.UNREGISTERED);
        assertThat(changes).containsExactly("REGISTERING->REGISTERED", "REGISTERED->UNREGISTERING",
                "UNREGISTERING->UNREGISTERED");
        assertThat(registrar.locationService().lookup("sip:alice@127.0.0.1", java.time.Instant.now())).isEmpty();
        assertThat(caller.call(aor.toString()).get(10, TimeUnit.SECONDS).status()).isEqualTo(480);
    }

    @Test
    void aRegistrarThatDoesNotAnswerRegisterGives405AndAFailedFuture() throws Exception {
        UserAgent plain = start(UserAgent.builder().listen("127.0.0.1", 0).media(false));
        String uri = "sip:127.0.0.1:" + plain.localAddress().getPort();
        UserAgent ua = start(UserAgent.builder().listen("127.0.0.1", 0).media(false));
        Registration reg = ua.register(RegistrationConfig.builder(SipUri.parse(uri), SipUri.parse("sip:bob@127.0.0.1")).build());
        assertThatThrownBy(() -> reg.registered().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(RegistrationException.class, e -> assertThat(e.status()).isEqualTo(405));
        assertThat(reg.state()).isEqualTo(RegistrationState.FAILED);
    }
}
