package io.dialtone.client.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Turns SIGINT/SIGTERM into a latch so that {@code serve} can hang up its calls and exit 0 instead
 * of the JVM's default 130/143. Uses {@code sun.misc.Signal} (jdk.unsupported), the only JDK way
 * to handle a signal without dying.
 */
final class Shutdown {
    private final CountDownLatch requested = new CountDownLatch(1);

    Shutdown install() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> requested.countDown());
            } catch (IllegalArgumentException e) {
                // signal not available on this platform; the default handling stays
            }
        }
        return this;
    }

    void await() throws InterruptedException {
        requested.await();
    }
}
