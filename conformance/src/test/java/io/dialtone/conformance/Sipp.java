package io.dialtone.conformance;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SIPp runs. Every run gets {@code -nostdin}, binds to 127.0.0.1, and writes its error log,
 * message trace, final screen and statistics CSV into the test's log directory; the caller bounds
 * it with {@code -m} and {@code -timeout} in its arguments and with a process timeout here.
 */
final class Sipp {
    static final String EXECUTABLE = "sipp";

    private Sipp() {
    }

    /** Fails (never skips) when SIPp is not installed: CI installs it. */
    static void requireInstalled() {
        requireOnPath(EXECUTABLE, "SIPp 3.6 or later (Debian/Ubuntu: apt-get install sip-tester)");
    }

    static void requireOnPath(String executable, String install) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) {
                return;
            }
        }
        throw new AssertionError("'" + executable + "' was not found on PATH. The conformance tests need it: install "
                + install + " and run again (CI installs it).");
    }

    /** The absolute path of {@code src/test/resources/sipp/<file>} as seen on the test classpath. */
    static Path scenario(String file) {
        URL url = Sipp.class.getResource("/sipp/" + file);
        if (url == null) {
            throw new AssertionError("SIPp scenario sipp/" + file + " is not on the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(url.toString(), e);
        }
    }

    /** Starts SIPp with {@code args} plus the logging options; see {@link Run#await}. */
    static Run start(String name, Path logDir, String... args) {
        requireInstalled();
        List<String> cmd = new ArrayList<>(List.of(EXECUTABLE));
        cmd.addAll(List.of(args));
        Path stats = logDir.resolve(name + "-stats.csv");
        cmd.addAll(List.of("-nostdin", "-i", "127.0.0.1",
                "-trace_err", "-error_file", logDir.resolve(name + "-errors.log").toString(),
                "-trace_msg", "-message_file", logDir.resolve(name + "-messages.log").toString(),
                "-trace_screen", "-screen_file", logDir.resolve(name + "-screen.log").toString(),
                "-trace_stat", "-stf", stats.toString(), "-fd", "1"));
        try {
            Files.createDirectories(logDir);
            Files.deleteIfExists(stats);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Run(PeerProcess.start(name, cmd, logDir, logDir), stats, logDir.resolve(name + "-errors.log"));
    }

    /** A running SIPp. */
    static final class Run implements AutoCloseable {
        private final PeerProcess process;
        private final Path stats;
        private final Path errors;

        private Run(PeerProcess process, Path stats, Path errors) {
            this.process = process;
            this.stats = stats;
            this.errors = errors;
        }

        PeerProcess process() {
            return process;
        }

        /** Waits (bounded) for SIPp to exit; returns its exit code (0: every call succeeded). */
        int await(Duration timeout) throws InterruptedException {
            return process.awaitExit(timeout);
        }

        /**
         * The last row of the statistics CSV (cumulative counters at exit), by column name, e.g.
         * {@code SuccessfulCall(C)}, {@code FailedCall(C)}, {@code FailedUnexpectedMessage(C)}.
         */
        Map<String, String> finalStats() {
            try {
                if (!Files.exists(stats)) {
                    throw new AssertionError("SIPp wrote no statistics file " + stats + "; " + describe());
                }
                List<String> lines = Files.readAllLines(stats).stream().filter(l -> !l.isBlank()).toList();
                if (lines.size() < 2) {
                    throw new AssertionError("SIPp statistics file " + stats + " has no data row; " + describe());
                }
                String[] names = lines.get(0).split(";", -1);
                String[] values = lines.get(lines.size() - 1).split(";", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < names.length && i < values.length; i++) {
                    row.put(names[i].trim(), values[i].trim());
                }
                return row;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A cumulative counter from {@link #finalStats}. */
        long counter(Map<String, String> row, String name) {
            String v = row.get(name);
            if (v == null) {
                throw new AssertionError("no column " + name + " in " + stats + ": " + row.keySet());
            }
            return Long.parseLong(v);
        }

        /** Exit state, log locations and the head of SIPp's error log, for assertion messages. */
        String describe() {
            String err = "";
            try {
                if (Files.exists(errors)) {
                    String all = Files.readString(errors);
                    err = "\nerror log " + errors + ":\n" + all.substring(0, Math.min(all.length(), 4000));
                }
            } catch (IOException e) {
                err = "\n(cannot read " + errors + ": " + e + ")";
            }
            return process.describe() + err;
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
