package io.dialtone.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 3261 §10 and §16 end to end, three dialtone processes on loopback: {@code serve --registrar}
 * (registrar and proxy), {@code serve --register sip:alice@<registrar> --proxy <registrar>}
 * (registers through the proxy and answers what is routed to it), and
 * {@code call sip:alice@<registrar> --proxy <registrar>}: the INVITE reaches the registered
 * contact through the registrar, the call is answered, and BYE goes direct (no Record-Route).
 * An unregistered AOR gets 404 from the registrar.
 */
@DisplayName("RFC 3261 §10/§16: call routed through dialtone's registrar")
class RegistrarProxyIT {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aCallToARegisteredAorReachesItsContact(TestInfo info) throws Exception {
        Path logs = LogDirs.of(info, "routed");
        int registrarPort = Ports.udpAndTcp();
        int calleePort = Ports.udpAndTcp();
        String registrar = "sip:127.0.0.1:" + registrarPort;
        String aor = "sip:alice@127.0.0.1:" + registrarPort;
        try (DialtoneProcess reg = DialtoneProcess.serve("registrar", registrarPort, logs, "--registrar", "--json",
                "--media", "none");
             DialtoneProcess callee = DialtoneProcess.serve("alice", calleePort, logs, "--register", aor, "--proxy",
                     registrar, "--user", "alice", "--json", "--media", "none")) {
            callee.process().awaitStderr(l -> l.startsWith("dialtone serve: registered " + aor), Duration.ofSeconds(40));

            try (PeerProcess call = DialtoneProcess.run("caller", logs, "call", aor, "--proxy", registrar,
                    "--duration", "1", "--json")) {
                int exit = call.awaitExit(Duration.ofSeconds(60));
                String why = call.describe() + "\n" + reg.describe() + "\n" + callee.describe();
                List<CallSummary> s = CallSummary.all(call.stdout());
                assertThat(s).as("caller summary; " + why).hasSize(1);
                assertThat(s.get(0).status()).as("final status; " + why).isEqualTo(200);
                assertThat(exit).as("dialtone call exit; " + why).isZero();
            }
            callee.awaitSummaries(1, Duration.ofSeconds(20));
            List<CallSummary> answered = CallSummary.all(callee.summaries());
            assertThat(answered).hasSize(1);
            assertThat(answered.get(0).role()).isEqualTo("callee");
            assertThat(answered.get(0).status()).isEqualTo(200);
            assertThat(CallSummary.all(reg.summaries())).as("the registrar only proxied: no call of its own").isEmpty();

            try (PeerProcess unknown = DialtoneProcess.run("caller-unknown", logs, "call",
                    "sip:bob@127.0.0.1:" + registrarPort, "--proxy", registrar, "--duration", "1", "--json")) {
                assertThat(unknown.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
                assertThat(CallSummary.all(unknown.stdout())).extracting(CallSummary::status).containsExactly(404);
            }
            assertThat(callee.stop()).as("callee exit (unregisters on SIGTERM)").isZero();
            assertThat(callee.process().stderr()).noneMatch(l -> l.contains("unregistering") && l.contains("failed"));
            assertThat(reg.stop()).isZero();
        }
    }
}
