package io.dialtone.session.auth;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what slf4j-simple writes (to {@code System.err}, looked up on every write) while a task
 * runs; {@code simplelogger.properties} in the test resources logs this package at TRACE.
 */
final class LogCapture {
    private LogCapture() {
    }

    static synchronized String during(Runnable task) {
        PrintStream saved = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            task.run();
        } finally {
            System.setErr(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
