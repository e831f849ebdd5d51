package io.dialtone.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tshark on the loopback interface: {@link #capture} records UDP on a port range into a pcapng file
 * (bounded by {@code -a duration}), {@link #read} runs a read pass over it with RTP/RTCP decoded
 * explicitly on given ports ({@code -d udp.port==P,rtp}), since dynamic RTP ports are otherwise
 * shown as plain UDP. Capturing needs root or dumpcap's capabilities (CI runs as root).
 */
final class Tshark {
    static final String EXECUTABLE = "tshark";
    /** Display filter of packets Wireshark could not decode or flags as an error. */
    static final String MALFORMED = "_ws.malformed || _ws.expert.severity >= error";
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private Tshark() {
    }

    /** Fails (never skips) when tshark is missing: CI installs it. */
    static void requireInstalled() {
        Sipp.requireOnPath(EXECUTABLE, "tshark (Debian/Ubuntu: apt-get install tshark)");
    }

    /**
     * Starts {@code tshark -i lo -f 'udp portrange LOW-HIGH' -w file -a duration:SECONDS} and waits
     * (bounded) until it captures. Stop it with {@link PeerProcess#terminate} (SIGTERM: the file is
     * closed cleanly) or let the duration end it.
     */
    static PeerProcess capture(String name, Path logDir, Path file, int portLow, int portHigh, int maxSeconds)
            throws InterruptedException {
        requireInstalled();
        PeerProcess p = PeerProcess.start(name, List.of(EXECUTABLE, "-i", "lo", "-f",
                "udp portrange " + portLow + "-" + portHigh, "-w", file.toString(), "-a", "duration:" + maxSeconds),
                logDir, logDir);
        try {
            p.awaitStderr(l -> l.contains("Capturing on"), Duration.ofSeconds(20));
        } catch (AssertionError | InterruptedException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /**
     * {@code tshark -r file <decodeAs: -d udp.port==P,proto> -Y filter -T fields -e f...}: one line
     * per matching packet, fields tab-separated. Output is also saved beside the capture.
     *
     * @param decodeAs pairs of "port,proto" (e.g. "16384,rtp")
     */
    static List<String> read(Path file, List<String> decodeAs, String filter, String... fields)
            throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(EXECUTABLE, "-r", file.toString()));
        for (String d : decodeAs) {
            cmd.addAll(List.of("-d", "udp.port==" + d));
        }
        cmd.addAll(List.of("-Y", filter, "-T", "fields"));
        for (String f : fields) {
            cmd.addAll(List.of("-e", f));
        }
        try {
            Path out = Files.createTempFile(file.getParent(), "tshark-read", ".txt");
            Path err = out.resolveSibling(out.getFileName() + ".err");
            Files.writeString(out.resolveSibling(out.getFileName() + ".cmd"), String.join(" ", cmd) + "\n");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tshark read pass did not finish in " + READ_TIMEOUT + ": " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("tshark read pass exited " + p.exitValue() + ": " + cmd + "\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The UDP ports of the packets in {@code file}, as "src dst" pairs of ints. */
    static List<int[]> portPairs(Path file) throws InterruptedException {
        return read(file, List.of(), "udp", "udp.srcport", "udp.dstport").stream()
                .map(l -> Arrays.stream(l.split("\t")).mapToInt(Integer::parseInt).toArray()).toList();
    }
}
