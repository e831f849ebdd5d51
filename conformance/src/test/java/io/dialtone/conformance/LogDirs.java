package io.dialtone.conformance;

import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code target/conformance/<TestClass>/<method>[-<suffix>]}: where one test's logs, recordings and captures go. */
final class LogDirs {
    private LogDirs() {
    }

    static Path of(TestInfo info, String suffix) {
        String cls = info.getTestClass().map(Class::getSimpleName).orElse("unknown");
        String method = info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test");
        Path dir = Path.of("target", "conformance", cls, suffix == null ? method : method + "-" + suffix)
                .toAbsolutePath();
        try {
            if (Files.exists(dir)) {
                try (var walk = Files.walk(dir)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path of(TestInfo info) {
        return of(info, null);
    }
}
