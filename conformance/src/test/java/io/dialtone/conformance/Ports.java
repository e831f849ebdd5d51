package io.dialtone.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports on 127.0.0.1 for the peers of one test, found by binding and closing (the probe is
 * racy by nature, but other processes on this host rarely pick the same port in the same second).
 * Ports are drawn at random from 10000-16000: below dialtone's RTP range (16384-32766) and Linux's
 * ephemeral range (32768-60999), and never handed out twice by this JVM.
 */
final class Ports {
    private static final int LOW = 10000;
    private static final int HIGH = 16000;
    private static final int ATTEMPTS = 500;
    private static final java.util.Set<Integer> GIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /** A port free on both UDP and TCP (SIP listens on both). */
    static int udpAndTcp() {
        return range(1);
    }

    /**
     * The first of {@code count} consecutive ports free on both UDP and TCP: baresip listens on
     * its SIP port and TLS on the next one; its RTP range must be free too.
     */
    static int range(int count) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < ATTEMPTS; i++) {
            int base = rnd.nextInt(LOW, HIGH - count + 2);
            if (allFree(base, count) && reserve(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free UDP+TCP ports in " + LOW + "-" + HIGH);
    }

    private static synchronized boolean reserve(int base, int count) {
        for (int p = base; p < base + count; p++) {
            if (GIVEN.contains(p)) {
                return false;
            }
        }
        for (int p = base; p < base + count; p++) {
            GIVEN.add(p);
        }
        return true;
    }

    private static boolean allFree(int base, int count) {
        for (int p = base; p < base + count; p++) {
            if (GIVEN.contains(p) || !free(p)) {
                return false;
            }
        }
        return true;
    }

    private static boolean free(int port) {
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (ServerSocket tcp = new ServerSocket()) {
            tcp.setReuseAddress(false);
            tcp.bind(at);
        } catch (IOException e) {
            return false;
        }
        try (DatagramSocket udp = new DatagramSocket(null)) {
            udp.setReuseAddress(false);
            udp.bind(at);
        } catch (IOException e) {
            return false;
        }
        return true;
    }

    /**
     * Waits (bounded) until some process has bound UDP {@code port}, read from
     * {@code /proc/net/udp[6]} so that the probe never takes the port itself.
     */
    static void awaitUdpBound(int port, PeerProcess owner, Duration timeout) throws InterruptedException {
        awaitBound(port, false, owner, timeout);
    }

    /** As {@link #awaitUdpBound}, for a TCP listener ({@code /proc/net/tcp[6]}, state LISTEN). */
    static void awaitTcpListening(int port, PeerProcess owner, Duration timeout) throws InterruptedException {
        awaitBound(port, true, owner, timeout);
    }

    private static void awaitBound(int port, boolean tcp, PeerProcess owner, Duration timeout)
            throws InterruptedException {
        String proto = tcp ? "tcp" : "udp";
        String hexPort = String.format(":%04X", port);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String table : new String[] {"/proc/net/" + proto, "/proc/net/" + proto + "6"}) {
                try {
                    for (String line : Files.readAllLines(Path.of(table))) {
                        String[] f = line.trim().split("\\s+");
                        if (f.length > 3 && f[1].endsWith(hexPort) && (!tcp || f[3].equals("0A"))) {
                            return;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + table + " (the conformance tests need Linux)", e);
                }
            }
            if (!owner.isAlive()) {
                throw new AssertionError(owner.name() + " exited before binding " + proto + " port " + port + "; "
                        + owner.describe());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(owner.name() + " did not bind " + proto + " port " + port + " within "
                        + timeout + "; " + owner.describe());
            }
            Thread.sleep(50); // bounded poll for readiness, not a timing assertion
        }
    }
}
