package io.dialtone.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Kamailio as registrar and proxy with digest authentication, on 127.0.0.1 (issue 6): the config
 * {@code src/test/resources/kamailio/registrar-proxy.cfg} with three users, run in the foreground
 * ({@code -DD -E}) on a free UDP+TCP port, its log kept under the test's log directory. REGISTER
 * is challenged with 401, other requests from our users with 407; a wrong password gets 403.
 * {@link #close()} stops it.
 */
final class KamailioRegistrar implements AutoCloseable {
    /** The users the config knows, with their passwords. */
    static final Map<String, String> USERS = Map.of("alice", "alice-secret", "bob", "bob-secret", "carol", "carol-secret");
    private static final List<String> USER_ORDER = List.of("alice", "bob", "carol");

    private final PeerProcess process;
    private final int port;

    private KamailioRegistrar(PeerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Fails (never skips) when kamailio is missing: CI installs it. */
    static String executable() {
        for (String candidate : List.of("/usr/sbin/kamailio", "/usr/local/sbin/kamailio")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        Sipp.requireOnPath("kamailio", "Kamailio 5.x (Debian/Ubuntu: apt-get install kamailio)");
        return "kamailio";
    }

    /** Starts Kamailio and waits (bounded) until its UDP port is bound. */
    static KamailioRegistrar start(Path logDir) throws InterruptedException {
        String exe = executable();
        int port = Ports.udpAndTcp();
        try {
            Path work = Files.createDirectories(logDir.resolve("kamailio"));
            String cfg;
            try (InputStream in = KamailioRegistrar.class.getResourceAsStream("/kamailio/registrar-proxy.cfg")) {
                if (in == null) {
                    throw new AssertionError("kamailio/registrar-proxy.cfg is not on the test classpath");
                }
                cfg = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            for (int i = 0; i < USER_ORDER.size(); i++) {
                String user = USER_ORDER.get(i);
                cfg = cfg.replace("USER" + (i + 1), user).replace("PASS" + (i + 1), USERS.get(user));
            }
            Path cfgFile = work.resolve("kamailio.cfg");
            Files.writeString(cfgFile, cfg);
            String listen = "127.0.0.1:" + port;
            PeerProcess p = PeerProcess.start("kamailio", List.of(exe, "-f", cfgFile.toString(), "-DD", "-E",
                    "-l", "udp:" + listen, "-l", "tcp:" + listen, "-w", work.toString(), "-Y", work.toString(),
                    "-m", "64", "-M", "8"), work, logDir);
            try {
                Ports.awaitUdpBound(port, p, Duration.ofSeconds(20));
            } catch (AssertionError | InterruptedException e) {
                p.close();
                throw e;
            }
            return new KamailioRegistrar(p, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    /** The proxy as an outbound-proxy URI, {@code sip:127.0.0.1:<port>}. */
    String proxyUri() {
        return "sip:127.0.0.1:" + port;
    }

    /** Kamailio's log lines (it logs to stderr) that match {@code filter}, so far. */
    List<String> log(Predicate<String> filter) {
        return process.stderr().stream().filter(filter).toList();
    }

    /** Waits (bounded) for a log line matching {@code filter}. */
    void awaitLog(Predicate<String> filter, Duration timeout) throws InterruptedException {
        process.awaitStderr(filter, timeout);
    }

    String describe() {
        return process.describe();
    }

    @Override
    public void close() {
        process.close();
    }
}
