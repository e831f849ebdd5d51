package io.dialtone.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * A headless baresip on 127.0.0.1: plays a WAV file as its microphone ({@code aufile}), discards
 * playback ({@code aubridge,nil}), records what it receives with {@code sndfile} as
 * {@code rec/dump-<time>-dec.wav} (8 kHz mono PCM16), auto-answers, offers PCMU/PCMA only. Its
 * account's user is {@code baresip}, so calls to it go to {@code sip:baresip@127.0.0.1:<port>}.
 * baresip also listens for TLS on {@code port + 1}; {@link #allocate} reserves both, and 20 RTP ports.
 */
final class Baresip {
    static final String EXECUTABLE = "baresip";
    static final String MODULE_PATH = "/usr/lib/baresip/modules";
    private static final int RTP_PORTS = 20;

    /** The test's log directory: recordings are copied here. */
    private final Path dir;
    /** baresip's own short directory: config, accounts, the WAV it plays, its recordings. */
    private final Path home;
    private final Path recDir;
    private final int sipPort;
    private final int rtpMin;

    private Baresip(Path dir, Path home, Path recDir, int sipPort, int rtpMin) {
        this.rtpMin = rtpMin;
        this.dir = dir;
        this.home = home;
        this.recDir = recDir;
        this.sipPort = sipPort;
    }

    /** baresip's config file, for tests that add modules to it. */
    Path configFile() {
        return home.resolve("config");
    }

    /** Fails (never skips) when baresip or its modules are missing: CI installs them. */
    static void requireInstalled() {
        Sipp.requireOnPath(EXECUTABLE, "baresip 1.0 with its g711, aufile, aubridge and sndfile modules "
                + "(Debian/Ubuntu: apt-get install baresip)");
        for (String m : List.of("g711.so", "aufile.so", "aubridge.so", "sndfile.so", "account.so", "menu.so")) {
            if (!Files.exists(Path.of(MODULE_PATH, m))) {
                throw new AssertionError("baresip module " + MODULE_PATH + "/" + m + " is missing: install baresip's "
                        + "modules (Debian/Ubuntu: apt-get install baresip) and run again (CI installs them).");
            }
        }
    }

    /** Writes the config and accounts for a baresip that plays {@code wav}; {@code dir} receives its recordings. */
    static Baresip allocate(Path dir, Path wav) {
        requireInstalled();
        int base = Ports.range(3 + RTP_PORTS);
        int sipPort = base;
        // baresip puts RTP on an even port (RTCP on the odd one above): an odd rtp_ports start would
        // make it use the even port below the range, outside what a test reserved and captures
        int rtpMin = (base + 2) % 2 == 0 ? base + 2 : base + 3;
        try {
            Files.createDirectories(dir.resolve("rec"));
            // baresip 1.0.0 keeps paths in small fixed buffers and silently truncates long ones: sndfile's
            // dump name (so enc and dec overwrite each other) and aufile's source path (so the call ends
            // at once). In a deep checkout they are long, so baresip lives in a short /tmp directory and
            // its recordings are copied beside the test's logs.
            Path home = Files.createTempDirectory(Path.of("/tmp"), "bs");
            Path recDir = Files.createDirectories(home.resolve("rec"));
            Path source = Files.copy(wav, home.resolve("src.wav"));
            Files.writeString(home.resolve("config"), String.join("\n",
                    "poll_method\t\tepoll",
                    "sip_listen\t\t127.0.0.1:" + sipPort,
                    "call_local_timeout\t120",
                    "call_max_calls\t\t4",
                    "audio_player\t\taubridge,nil",
                    "audio_source\t\taufile," + source,
                    "audio_alert\t\taubridge,nil",
                    "audio_level\t\tno",
                    "ausrc_format\t\ts16",
                    "auplay_format\t\ts16",
                    "auenc_format\t\ts16",
                    "audec_format\t\ts16",
                    "audio_buffer\t\t20-160",
                    "rtp_ports\t\t" + rtpMin + "-" + (rtpMin + RTP_PORTS - 1),
                    "rtcp_mux\t\tno",
                    "jitter_buffer_delay\t5-10",
                    "rtp_stats\t\tno",
                    "net_interface\t\t127.0.0.1",
                    "module_path\t\t" + MODULE_PATH,
                    "module\t\t\tg711.so",
                    "module\t\t\taufile.so",
                    "module\t\t\taubridge.so",
                    "module\t\t\tsndfile.so",
                    "module_tmp\t\taccount.so",
                    "module_app\t\tmenu.so",
                    "snd_path\t\t" + recDir,
                    "statmode_default\toff",
                    ""));
            Files.writeString(home.resolve("accounts"), "<sip:baresip@127.0.0.1:" + sipPort
                    + ">;regint=0;answermode=auto;audio_codecs=PCMU,PCMA\n");
            return new Baresip(dir, home, recDir, sipPort, rtpMin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes this baresip register as {@code user} (digest password {@code password}) with the
     * registrar on 127.0.0.1:{@code registrarPort} every 60 s, still answering calls at once. Call
     * before {@link #answer}.
     */
    void registerAs(String user, String password, int registrarPort) {
        try {
            Files.writeString(home.resolve("accounts"), "<sip:" + user + "@127.0.0.1:" + registrarPort
                    + ">;auth_pass=" + password + ";regint=60;answermode=auto;audio_codecs=PCMU,PCMA\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int sipPort() {
        return sipPort;
    }

    /** Lowest port of baresip's RTP/RTCP range ({@code rtp_ports}). */
    int rtpPortMin() {
        return rtpMin;
    }

    /** Highest port of baresip's RTP/RTCP range. */
    int rtpPortMax() {
        return rtpMin + RTP_PORTS - 1;
    }

    String uri() {
        return "sip:baresip@127.0.0.1:" + sipPort;
    }

    /**
     * Starts baresip as an answerer (until {@link PeerProcess#terminate}, SIGTERM) and waits
     * (bounded) until it is ready and has bound its SIP port. {@code -s} puts the SIP trace in its log.
     */
    PeerProcess answer(String name, Path logDir) throws InterruptedException {
        PeerProcess p = PeerProcess.start(name, List.of(EXECUTABLE, "-f", home.toString(), "-s"), home, logDir);
        try {
            p.awaitStdout(l -> l.contains("baresip is ready"), Duration.ofSeconds(20));
            Ports.awaitUdpBound(sipPort, p, Duration.ofSeconds(20));
        } catch (AssertionError | InterruptedException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** Starts baresip calling {@code uri}; it hangs up and quits after {@code seconds}. */
    PeerProcess dial(String name, Path logDir, String uri, int seconds) {
        return PeerProcess.start(name, List.of(EXECUTABLE, "-f", home.toString(), "-s", "-t", Integer.toString(seconds),
                "-e", "/dial " + uri), home, logDir);
    }

    /**
     * The one recording of received (decoded) audio, {@code *-dec.wav}, copied from baresip's short
     * recording directory into {@code rec/} beside the test's logs.
     */
    Path receivedRecording() {
        try (Stream<Path> files = Files.list(recDir)) {
            List<Path> dec = files.filter(f -> f.getFileName().toString().endsWith("-dec.wav")).sorted().toList();
            if (dec.size() != 1) {
                throw new AssertionError("expected one baresip *-dec.wav recording in " + recDir + ", found " + dec);
            }
            Path copy = dir.resolve("rec").resolve(dec.get(0).getFileName());
            Files.copy(dec.get(0), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
