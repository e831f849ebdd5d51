package io.dialtone.conformance;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code dialtone} command line as a black box: {@code java -cp <test classpath>
 * io.dialtone.client.cli.Dialtone ...} in its own JVM, with the SIP wire trace
 * ({@code io.dialtone.wire} at TRACE) on stderr, so that every run leaves the messages it sent and
 * received in {@code target/conformance/<test>/<name>.err}.
 */
final class DialtoneProcess implements AutoCloseable {
    static final String MAIN_CLASS = "io.dialtone.client.cli.Dialtone";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final PeerProcess process;
    private final int port;

    private DialtoneProcess(PeerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The {@code java} command line running the CLI with {@code args}. */
    static List<String> command(List<String> args) {
        String cp = System.getProperty("java.class.path");
        boolean hasClient = false;
        for (String entry : cp.split(File.pathSeparator)) {
            String e = entry.replace('\\', '/');
            hasClient |= e.contains("dialtone-client") || e.endsWith("client/target/classes")
                    || e.endsWith("client/target/dialtone.jar"); // the shaded CLI jar (SuiteRunner's java -cp form)
        }
        if (!hasClient) {
            throw new AssertionError("dialtone-client is not on the test classpath (java.class.path=" + cp
                    + "); run the conformance tests with Maven (failsafe, useManifestOnlyJar=false)");
        }
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.log.io.dialtone.wire=trace",
                "-cp", absolute(cp), MAIN_CLASS));
        cmd.addAll(args);
        return cmd;
    }

    /** {@code cp} with every entry made absolute: the process runs in its log directory. */
    private static String absolute(String cp) {
        List<String> entries = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            entries.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Starts {@code dialtone serve --listen 127.0.0.1:<port> <extra>} and waits (bounded) for its
     * "listening on" line.
     */
    static DialtoneProcess serve(String name, int port, Path logDir, String... extra) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:" + port));
        args.addAll(List.of(extra));
        PeerProcess p = PeerProcess.start(name, command(args), logDir, logDir);
        try {
            p.awaitStderr(line -> line.startsWith("dialtone serve: listening on /127.0.0.1:" + port), READY_TIMEOUT);
        } catch (AssertionError | InterruptedException e) {
            p.close();
            throw e;
        }
        return new DialtoneProcess(p, port);
    }

    /** Starts {@code dialtone <args>} (call, demo) without waiting; see {@link PeerProcess#awaitExit}. */
    static PeerProcess run(String name, Path logDir, String... args) {
        return PeerProcess.start(name, command(List.of(args)), logDir, logDir);
    }

    int port() {
        return port;
    }

    PeerProcess process() {
        return process;
    }

    /** SIGTERM: serve hangs up its calls and must exit 0. Returns the exit code. */
    int stop() throws InterruptedException {
        return process.terminate(STOP_TIMEOUT);
    }

    /** Waits (bounded) until serve has printed {@code count} JSON summary lines (one per ended call). */
    void awaitSummaries(int count, Duration timeout) throws InterruptedException {
        int[] seen = {0};
        process.awaitStdout(line -> line.startsWith("{") && ++seen[0] >= count, timeout);
    }

    /** Summary lines printed so far (one per ended call). */
    List<String> summaries() {
        return process.stdout();
    }

    String describe() {
        return process.describe();
    }

    @Override
    public void close() {
        process.close();
    }
}
