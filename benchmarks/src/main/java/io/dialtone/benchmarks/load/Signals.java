package io.dialtone.benchmarks.load;

import java.util.concurrent.CountDownLatch;

/**
 * Turns SIGINT/SIGTERM into a latch so that a load UAS closes its stack and exits 0 instead of
 * the JVM's default 130/143 (as {@code dialtone serve} does). Uses {@code sun.misc.Signal}
 * (jdk.unsupported), the only JDK way to handle a signal without dying.
 */
final class Signals {
    private final CountDownLatch requested = new CountDownLatch(1);

    static Signals install() {
        Signals s = new Signals();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> s.requested.countDown());
            } catch (IllegalArgumentException e) {
                // signal not available on this platform; the default handling stays
            }
        }
        return s;
    }

    void await() throws InterruptedException {
        requested.await();
    }
}
