package io.dialtone.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One external process of a test (dialtone, SIPp, baresip): stdout and stderr drained by two
 * threads into {@code <name>.out} / {@code <name>.err} under the test's log directory and kept in
 * memory for assertions. Every wait is bounded; {@link #close()} kills what is still running so that
 * a failed test leaves nothing behind.
 */
final class PeerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path stdoutFile;
    private final Path stderrFile;
    private final List<String> stdout = new ArrayList<>();
    private final List<String> stderr = new ArrayList<>();
    private final Thread[] drains;

    private PeerProcess(String name, Process process, Path logDir) {
        this.name = name;
        this.process = process;
        this.stdoutFile = logDir.resolve(name + ".out");
        this.stderrFile = logDir.resolve(name + ".err");
        this.drains = new Thread[] {
            drain(process.getInputStream(), stdoutFile, stdout),
            drain(process.getErrorStream(), stderrFile, stderr)};
    }

    /** Starts {@code command} in {@code workDir}, stdin from /dev/null, output logged under {@code logDir}. */
    static PeerProcess start(String name, List<String> command, Path workDir, Path logDir) {
        return start(name, command, workDir, logDir, java.util.Map.of());
    }

    /**
     * As {@link #start(String, List, Path, Path)}, with {@code env} added to the environment (for
     * example {@code DIALTONE_PASSWORD}; values are not written to the logs).
     */
    static PeerProcess start(String name, List<String> command, Path workDir, Path logDir, java.util.Map<String, String> env) {
        try {
            Files.createDirectories(logDir);
            Files.writeString(logDir.resolve(name + ".cmd"), String.join(" ", command) + "\n");
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            return new PeerProcess(name, pb.start(), logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    private Thread drain(InputStream in, Path file, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                 Writer w = Files.newBufferedWriter(file)) {
                for (String line; (line = r.readLine()) != null; ) {
                    w.write(line);
                    w.write('\n');
                    w.flush();
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process went away; what was read is kept
            }
        }, name + "-drain");
        t.setDaemon(true);
        t.start();
        return t;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits (bounded) for a stderr line matching {@code ready}.
     *
     * @throws AssertionError if the process exits or the timeout passes first
     */
    String awaitStderr(Predicate<String> ready, Duration timeout) throws InterruptedException {
        return awaitLine(stderr, drains[1], "stderr", ready, timeout);
    }

    /** As {@link #awaitStderr}, on stdout. */
    String awaitStdout(Predicate<String> ready, Duration timeout) throws InterruptedException {
        return awaitLine(stdout, drains[0], "stdout", ready, timeout);
    }

    private String awaitLine(List<String> lines, Thread drain, String stream, Predicate<String> ready,
                             Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (ready.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !drain.isAlive()) {
                    throw new AssertionError(name + " did not print the expected " + stream + " line within "
                            + timeout + "; " + describe());
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
            }
        }
    }

    /** Waits (bounded) for exit and for the output to be drained; fails if the timeout passes. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not exit within " + timeout + "; killed. Logs: " + stdoutFile
                    + ", " + stderrFile);
        }
        for (Thread t : drains) {
            t.join(5_000);
        }
        return process.exitValue();
    }

    /**
     * SIGTERM, then waits (bounded) for the exit code. Signals through the {@link ProcessHandle}:
     * {@link Process#destroy()} also closes our ends of the pipes at once, which would lose what the
     * process prints while it shuts down (serve's last summaries).
     */
    int terminate(Duration timeout) throws InterruptedException {
        process.toHandle().destroy();
        return awaitExit(timeout);
    }

    List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    List<String> stderr() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    /** A description for assertion messages: exit state and where the logs are. */
    String describe() {
        return name + " (pid " + process.pid() + (process.isAlive() ? ", running" : ", exit " + process.exitValue())
                + "), logs " + stdoutFile + " / " + stderrFile + "\nstdout:\n" + tail(stdout()) + "\nstderr:\n"
                + tail(stderr());
    }

    private static String tail(List<String> lines) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Stops the process if a test left it running: SIGTERM, SIGKILL only if that is ignored for 10 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.toHandle().destroy(); // SIGTERM first: baresip and dialtone clean up on it
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
