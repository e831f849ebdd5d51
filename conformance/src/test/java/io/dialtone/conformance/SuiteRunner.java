package io.dialtone.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The SIPp conformance suite: runs every row of {@code src/test/resources/sipp/suite.tsv} (see
 * the comment at its top for the columns) against a fresh {@code dialtone serve} (SIPp as UAC) or
 * {@code dialtone call} (SIPp as UAS), each on its own ports, several rows at a time, and prints
 * one table: scenario, RFC section, calls, passed, failed. Logs of row {@code x.xml} (dialtone's
 * wire trace, SIPp's message trace, error log, statistics and counts) go to {@code <logs>/x/}.
 *
 * <p>{@code java -cp conformance/target/test-classes:client/target/dialtone.jar
 * io.dialtone.conformance.SuiteRunner [--parallel N] [--only REGEX] [--logs DIR]}: exit 0 when
 * every row passed. {@link SippSuiteIT} runs the same manifest under {@code mvn verify}.
 */
public final class SuiteRunner {
    static final String MANIFEST = "suite.tsv";
    static final int DEFAULT_PARALLELISM = 6;
    private static final Duration GRACE = Duration.ofSeconds(30);

    private SuiteRunner() {
    }

    /** Who SIPp plays. */
    enum Role {
        /** SIPp is the UAC, against {@code dialtone serve}. */
        UAC_VS_SERVE("uac-vs-serve"),
        /** SIPp is the UAS, called by {@code dialtone call}. */
        UAS_VS_CALL("uas-vs-call"),
        /** SIPp is the registrar, registered with by {@code dialtone register}. */
        UAS_VS_REGISTER("uas-vs-register");

        final String label;

        Role(String label) {
            this.label = label;
        }

        static Role of(String label) {
            return Arrays.stream(values()).filter(r -> r.label.equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown role '" + label + "' in " + MANIFEST));
        }
    }

    /** One manifest row. */
    record Row(String scenario, String rfc, Role role, int calls, int timeoutSeconds, List<String> args,
               List<String> checks) {
        String name() {
            return scenario.replaceFirst("\\.xml$", "");
        }
    }

    /** One row's outcome: SIPp's successful/failed calls and why the row failed, if it did. */
    record Result(Row row, long passed, long failed, List<String> problems, Duration took, Path logs) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    /** The rows of {@code sipp/suite.tsv} on the classpath, in file order. */
    static List<Row> manifest() {
        try (InputStream in = SuiteRunner.class.getResourceAsStream("/sipp/" + MANIFEST)) {
            if (in == null) {
                throw new AssertionError("sipp/" + MANIFEST + " is not on the classpath");
            }
            List<Row> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 7) {
                    throw new IllegalArgumentException(MANIFEST + ": 7 tab-separated columns expected: " + line);
                }
                rows.add(new Row(f[0].trim(), f[1].trim(), Role.of(f[2].trim()), Integer.parseInt(f[3].trim()),
                        Integer.parseInt(f[4].trim()), words(f[5]), list(f[6])));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> words(String s) {
        return s.isBlank() || s.trim().equals("-") ? List.of() : List.of(s.trim().split("\\s+"));
    }

    /** {@code args} with each {@code @FILE} replaced by the absolute path of {@code sipp/FILE} (a --password-file). */
    static List<String> expand(List<String> args) {
        return args.stream().map(a -> a.startsWith("@") ? Sipp.scenario(a.substring(1)).toString() : a).toList();
    }

    private static List<String> list(String s) {
        return s.isBlank() || s.trim().equals("-") ? List.of()
                : Stream.of(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /**
     * Runs {@code rows}, up to {@code parallelism} at a time, the longest first (the timer rows
     * mostly wait); returns the results in manifest order.
     */
    static List<Result> runAll(List<Row> rows, Path logRoot, int parallelism) throws InterruptedException {
        Sipp.requireInstalled();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread t = new Thread(r, "sipp-suite");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<Row, Future<Result>> futures = new LinkedHashMap<>();
            rows.stream().sorted(Comparator.comparingInt(Row::timeoutSeconds).reversed())
                    .forEach(row -> futures.put(row, pool.submit(() -> run(row, logRoot.resolve(row.name())))));
            List<Result> results = new ArrayList<>();
            for (Row row : rows) {
                try {
                    results.add(futures.get(row).get());
                } catch (ExecutionException e) {
                    results.add(new Result(row, 0, row.calls(), List.of("runner error: " + e.getCause()),
                            Duration.ZERO, logRoot.resolve(row.name())));
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs one row with its logs in {@code logs}; never throws for a failing row. */
    static Result run(Row row, Path logs) {
        long start = System.nanoTime();
        List<String> problems = new ArrayList<>();
        long[] counts = {0, row.calls()};
        try {
            clean(logs);
            if (row.role() == Role.UAC_VS_SERVE) {
                runAgainstServe(row, logs, problems, counts);
            } else {
                runAgainstCall(row, logs, problems, counts);
            }
        } catch (AssertionError | RuntimeException e) {
            problems.add(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted");
        }
        return new Result(row, counts[0], counts[1], List.copyOf(problems),
                Duration.ofNanos(System.nanoTime() - start), logs);
    }

    private static void runAgainstServe(Row row, Path logs, List<String> problems, long[] counts)
            throws InterruptedException {
        int port = Ports.udpAndTcp();
        List<String> serveArgs = new ArrayList<>(List.of("--json"));
        serveArgs.addAll(expand(row.args()));
        try (DialtoneProcess serve = DialtoneProcess.serve("dialtone-serve", port, logs,
                serveArgs.toArray(String[]::new))) {
            runSipp(row, logs, problems, counts, List.of("127.0.0.1:" + port), null);
            Integer serveCalls = intCheck(row, "serve-calls");
            if (serveCalls != null) {
                try {
                    serve.awaitSummaries(serveCalls, Duration.ofSeconds(20));
                } catch (AssertionError e) {
                    // counted below
                }
            }
            int exit = serve.stop();
            if (exit != 0) {
                problems.add("dialtone serve exited " + exit + " on SIGTERM");
            }
            if (serveCalls != null) {
                int seen = CallSummary.all(serve.summaries()).size();
                if (seen != serveCalls) {
                    problems.add("serve-calls: dialtone serve saw " + seen + " calls, expected " + serveCalls);
                }
            }
        }
    }

    private static void runAgainstCall(Row row, Path logs, List<String> problems, long[] counts)
            throws InterruptedException {
        int sippPort = Ports.udpAndTcp();
        runSipp(row, logs, problems, counts, List.of(), sipp -> {
            Ports.awaitUdpBound(sippPort, sipp.process(), Duration.ofSeconds(20));
            String expectedExit = stringCheck(row, "call-exit");
            Integer expectedStatus = intCheck(row, "call-status");
            for (int i = 1; i <= row.calls(); i++) {
                List<String> args = row.role() == Role.UAS_VS_REGISTER ? registerArgs(sippPort, logs)
                        : new ArrayList<>(List.of("call", "sip:service@127.0.0.1:" + sippPort, "--json"));
                args.addAll(expand(row.args()));
                try (PeerProcess call = DialtoneProcess.run("dialtone-call-" + i, logs, args.toArray(String[]::new))) {
                    int exit = call.awaitExit(Duration.ofSeconds(row.timeoutSeconds()).plus(GRACE));
                    if (expectedExit == null ? exit != 0 : !expectedExit.equals("any") && exit != Integer.parseInt(expectedExit)) {
                        problems.add((row.role() == Role.UAS_VS_REGISTER ? "dialtone register " : "dialtone call ")
                                + i + " exited " + exit + ", expected "
                                + (expectedExit == null ? "0" : expectedExit));
                    }
                    if (expectedStatus != null) {
                        List<CallSummary> s = CallSummary.all(call.stdout());
                        String got = s.isEmpty() ? "no summary" : Integer.toString(s.get(0).status());
                        if (s.isEmpty() || s.get(0).status() != expectedStatus) {
                            problems.add("call-status: dialtone call " + i + " reported " + got + ", expected "
                                    + expectedStatus);
                        }
                    }
                }
            }
        }, sippPort);
    }

    /** Password the register rows' SIPp scenarios verify Digest responses against (user "service"). */
    static final String REGISTER_PASSWORD = "sipp-secret";

    /** {@code dialtone register sip:127.0.0.1:<sipp> --user service --password-file <logs>/password}. */
    private static List<String> registerArgs(int sippPort, Path logs) {
        Path password = logs.resolve("password");
        try {
            Files.writeString(password, REGISTER_PASSWORD + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ArrayList<>(List.of("register", "sip:127.0.0.1:" + sippPort, "--user", "service",
                "--password-file", password.toString()));
    }

    /** What runs while SIPp does: the dialtone call(s) of a UAS row. */
    private interface Driver {
        void drive(Sipp.Run sipp) throws InterruptedException;
    }

    private static void runSipp(Row row, Path logs, List<String> problems, long[] counts, List<String> target,
                                Driver driver) throws InterruptedException {
        runSipp(row, logs, problems, counts, target, driver, Ports.udpAndTcp());
    }

    private static void runSipp(Row row, Path logs, List<String> problems, long[] counts, List<String> target,
                                Driver driver, int sippPort) throws InterruptedException {
        List<String> args = new ArrayList<>(target);
        args.addAll(List.of("-sf", Sipp.scenario(row.scenario()).toString(),
                "-p", Integer.toString(sippPort), "-mp", Integer.toString(Ports.range(4)),
                "-m", Integer.toString(row.calls()), "-r", "5",
                "-timeout", row.timeoutSeconds() + "s", "-timeout_error", "-trace_counts"));
        try (Sipp.Run sipp = Sipp.start("sipp", logs, args.toArray(String[]::new))) {
            if (driver != null) {
                driver.drive(sipp);
            }
            int exit = sipp.await(Duration.ofSeconds(row.timeoutSeconds()).plus(GRACE));
            Map<String, String> stats = sipp.finalStats();
            counts[0] = sipp.counter(stats, "SuccessfulCall(C)");
            counts[1] = sipp.counter(stats, "FailedCall(C)");
            if (counts[0] != row.calls() || counts[1] != 0) {
                problems.add("SIPp: " + counts[0] + " of " + row.calls() + " calls succeeded, " + counts[1]
                        + " failed" + failureCauses(stats));
            }
            if (exit != 0) {
                problems.add("SIPp exited " + exit);
            }
        }
        checkCounts(row, logs, problems);
    }

    private static String failureCauses(Map<String, String> stats) {
        StringBuilder why = new StringBuilder();
        stats.forEach((k, v) -> {
            if (k.startsWith("Failed") && k.endsWith("(C)") && !k.equals("FailedCall(C)") && !v.equals("0")) {
                why.append(why.isEmpty() ? " (" : ", ").append(k, 0, k.length() - 3).append(' ').append(v);
            }
        });
        return why.isEmpty() ? "" : why.append(')').toString();
    }

    private static final Pattern COUNT_CHECK = Pattern.compile("count:([A-Za-z0-9_]+)=(\\d+)\\.\\.(\\d+)");

    /** The {@code count:} checks, against the last row of SIPp's {@code -trace_counts} CSV. */
    private static void checkCounts(Row row, Path logs, List<String> problems) {
        List<String> checks = row.checks().stream().filter(c -> c.startsWith("count:")).toList();
        if (checks.isEmpty()) {
            return;
        }
        Map<String, String> last = lastCounts(logs);
        for (String check : checks) {
            var m = COUNT_CHECK.matcher(check);
            if (!m.matches()) {
                throw new IllegalArgumentException("bad check '" + check + "' for " + row.scenario());
            }
            String v = last.get(m.group(1));
            if (v == null) {
                problems.add(check + ": no such counter in SIPp's counts " + last.keySet());
                continue;
            }
            long n = Long.parseLong(v);
            if (n < Long.parseLong(m.group(2)) || n > Long.parseLong(m.group(3))) {
                problems.add(check + ": was " + n);
            }
        }
    }

    private static Map<String, String> lastCounts(Path logs) {
        try (Stream<Path> files = Files.list(logs)) {
            Path csv = files.filter(p -> p.getFileName().toString().endsWith("_counts.csv")).findFirst()
                    .orElseThrow(() -> new AssertionError("SIPp wrote no -trace_counts file in " + logs));
            List<String> lines = Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).toList();
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

    private static String stringCheck(Row row, String key) {
        return row.checks().stream().filter(c -> c.startsWith(key + "=")).map(c -> c.substring(key.length() + 1))
                .findFirst().orElse(null);
    }

    private static Integer intCheck(Row row, String key) {
        String v = stringCheck(row, key);
        return v == null ? null : Integer.valueOf(v);
    }

    private static void clean(Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The table: scenario, RFC section, role, calls, passed, failed, result, seconds; then each failure's reasons. */
    static String table(List<Result> results) {
        int w = Math.max("Scenario".length(), results.stream().mapToInt(r -> r.row().scenario().length()).max().orElse(0));
        int rw = Math.max("RFC".length(), results.stream().mapToInt(r -> r.row().rfc().length()).max().orElse(0));
        String fmt = "%-" + w + "s  %-" + rw + "s  %-15s  %5s  %6s  %6s  %-6s  %5s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(fmt, "Scenario", "RFC", "Role", "Calls", "Passed", "Failed", "Result", "Secs"));
        sb.append("-".repeat(w + rw + 59)).append('\n');
        for (Result r : results) {
            sb.append(String.format(fmt, r.row().scenario(), r.row().rfc(), r.row().role().label, r.row().calls(),
                    r.passed(), r.failed(), r.ok() ? "PASS" : "FAIL", r.took().toSeconds()));
        }
        long ok = results.stream().filter(Result::ok).count();
        sb.append("-".repeat(w + rw + 59)).append('\n');
        sb.append(ok).append(" of ").append(results.size()).append(" scenarios passed\n");
        for (Result r : results) {
            if (!r.ok()) {
                sb.append("\nFAIL ").append(r.row().scenario()).append(" (logs: ").append(r.logs()).append(")\n");
                r.problems().forEach(p -> sb.append("  - ").append(p).append('\n'));
            }
        }
        return sb.toString();
    }

    public static void main(String[] args) throws Exception {
        int parallelism = DEFAULT_PARALLELISM;
        Pattern only = null;
        Path logs = Path.of("target", "conformance", "SuiteRunner");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--parallel" -> parallelism = Integer.parseInt(args[++i]);
                case "--only" -> only = Pattern.compile(args[++i]);
                case "--logs" -> logs = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: SuiteRunner [--parallel N] [--only REGEX] [--logs DIR]");
                    System.exit(2);
                }
            }
        }
        Pattern filter = only;
        List<Row> rows = manifest().stream().filter(r -> filter == null || filter.matcher(r.scenario()).find()).toList();
        long start = System.nanoTime();
        List<Result> results = runAll(rows, logs.toAbsolutePath(), parallelism);
        System.out.print(table(results));
        System.out.printf("suite time %d s, logs under %s%n", Duration.ofNanos(System.nanoTime() - start).toSeconds(),
                logs.toAbsolutePath());
        System.exit(results.stream().allMatch(Result::ok) ? 0 : 1);
    }
}
