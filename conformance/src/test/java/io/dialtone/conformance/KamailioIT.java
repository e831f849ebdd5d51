package io.dialtone.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6, "Evidence with real peers": Kamailio as registrar and proxy with digest auth
 * ({@link KamailioRegistrar}) on 127.0.0.1. Dialtone registers with credentials and refreshes,
 * a wrong password fails at once (403, no loop), and calls go through the proxy (407 answered) to
 * another registered Dialtone and to a registered baresip.
 */
@DisplayName("Kamailio registrar and proxy with digest auth")
class KamailioIT {
    private static final Duration EXIT = Duration.ofSeconds(40);

    private static Map<String, String> password(String user) {
        return Map.of("DIALTONE_PASSWORD", KamailioRegistrar.USERS.get(user));
    }

    private static PeerProcess dialtone(String name, Path logs, Map<String, String> env, String... args) {
        return PeerProcess.start(name, DialtoneProcess.command(List.of(args)), logs, logs, env);
    }

    @Test
    @DisplayName("RFC 3261 §10.2: register with digest, refresh before expiry, unregister")
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void registersRefreshesAndUnregisters(TestInfo info) throws Exception {
        Path logs = LogDirs.of(info);
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(logs);
             PeerProcess reg = dialtone("dialtone-register", logs, password("alice"), "register",
                     kamailio.proxyUri(), "--user", "alice", "--aor", "sip:alice@127.0.0.1",
                     "--expires", "4", "--unregister-after", "9")) {
            int exit = reg.awaitExit(EXIT);
            String why = reg.describe() + "\n" + kamailio.describe();
            assertThat(exit).as("dialtone register exit code; " + why).isZero();
            List<String> registers = kamailio.log(l -> l.contains("REGISTER user=alice"));
            assertThat(registers).as("accepted REGISTERs: first, at least one refresh within 9 s of a 4 s "
                    + "registration, then the unregister; " + why).hasSizeGreaterThanOrEqualTo(3);
            assertThat(registers.get(registers.size() - 1)).as("the last one unregisters").contains("expires=0");
            assertThat(registers.subList(0, registers.size() - 1)).as("refreshes keep the binding")
                    .noneMatch(l -> l.contains("expires=0"));
        }
    }

    @Test
    @DisplayName("a wrong password is a clear failure, not a loop")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void wrongPasswordFailsClearly(TestInfo info) throws Exception {
        Path logs = LogDirs.of(info);
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(logs);
             PeerProcess reg = dialtone("dialtone-register", logs, Map.of("DIALTONE_PASSWORD", "not-the-password"),
                     "register", kamailio.proxyUri(), "--user", "alice", "--aor", "sip:alice@127.0.0.1")) {
            int exit = reg.awaitExit(Duration.ofSeconds(20));
            String why = reg.describe() + "\n" + kamailio.describe();
            assertThat(exit).as("dialtone register must fail; " + why).isNotZero();
            assertThat(String.join("\n", reg.stderr()) + String.join("\n", reg.stdout())).as(why).contains("403");
            assertThat(kamailio.log(l -> l.contains("AUTH wrong password for alice"))).as("one attempt; " + why).hasSize(1);
            assertThat(String.join("\n", reg.stderr()) + String.join("\n", reg.stdout()))
                    .as("the password never appears in output").doesNotContain("not-the-password");
        }
    }

    @Test
    @DisplayName("a call through the proxy (407 answered) to a registered dialtone")
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void callsRegisteredDialtoneThroughProxy(TestInfo info) throws Exception {
        Path logs = LogDirs.of(info);
        Path bobPassword = Files.writeString(Files.createDirectories(logs).resolve("bob.pw"),
                KamailioRegistrar.USERS.get("bob") + "\n");
        int alicePort = Ports.udpAndTcp();
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(logs);
             PeerProcess alice = dialtone("dialtone-serve-alice", logs, password("alice"), "serve",
                     "--listen", "127.0.0.1:" + alicePort, "--register", "sip:alice@127.0.0.1",
                     "--proxy", kamailio.proxyUri(), "--user", "alice", "--json")) {
            kamailio.awaitLog(l -> l.contains("REGISTER user=alice"), Duration.ofSeconds(30));
            try (PeerProcess call = dialtone("dialtone-call-bob", logs, Map.of(), "call", "sip:alice@127.0.0.1",
                    "--proxy", kamailio.proxyUri(), "--user", "bob", "--password-file", bobPassword.toString(),
                    "--duration", "2", "--json")) {
                int exit = call.awaitExit(EXIT);
                String why = call.describe() + "\n" + alice.describe() + "\n" + kamailio.describe();
                List<CallSummary> summaries = CallSummary.all(call.stdout());
                assertThat(summaries).as(why).hasSize(1);
                assertThat(summaries.get(0).status()).as("final status; " + why).isEqualTo(200);
                assertThat(exit).as("dialtone call exit code; " + why).isZero();
                assertThat(kamailio.log(l -> l.contains("RELAY INVITE to sip:alice@127.0.0.1:" + alicePort)))
                        .as("the INVITE went through the proxy to alice's contact; " + why).isNotEmpty();
            }
        }
    }

    @Test
    @DisplayName("a call through the proxy to a registered baresip")
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void callsRegisteredBaresipThroughProxy(TestInfo info) throws Exception {
        Path logs = LogDirs.of(info);
        Files.createDirectories(logs);
        Baresip baresip = Baresip.allocate(logs, Wav.writeTone(logs.resolve("tone.wav"), 440, 4, 0.3));
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(logs)) {
            baresip.registerAs("carol", KamailioRegistrar.USERS.get("carol"), kamailio.port());
            try (PeerProcess carol = baresip.answer("baresip-carol", logs)) {
                kamailio.awaitLog(l -> l.contains("REGISTER user=carol"), Duration.ofSeconds(30));
                try (PeerProcess call = dialtone("dialtone-call-bob", logs, password("bob"), "call", "sip:carol@127.0.0.1",
                        "--proxy", kamailio.proxyUri(), "--user", "bob", "--duration", "2", "--json")) {
                    int exit = call.awaitExit(EXIT);
                    String why = call.describe() + "\n" + carol.describe() + "\n" + kamailio.describe();
                    List<CallSummary> summaries = CallSummary.all(call.stdout());
                    assertThat(summaries).as(why).hasSize(1);
                    assertThat(summaries.get(0).status()).as("final status; " + why).isEqualTo(200);
                    assertThat(exit).as("dialtone call exit code; " + why).isZero();
                }
            }
        }
    }
}
