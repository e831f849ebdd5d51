package io.dialtone.client.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the CLI takes a Digest password from: a file named by {@code --password-file} (its first
 * line), else the environment variable {@code DIALTONE_PASSWORD}. Never from the command line,
 * where {@code ps} would show it to every user of the machine.
 */
final class PasswordSource {
    /** The environment variable read when no file is given. */
    static final String ENV = "DIALTONE_PASSWORD";

    private PasswordSource() {}

    /**
     * @param passwordFileOrNull a file whose first line is the password, or {@code null} to use {@link #ENV}
     * @return the password, or {@code null} when neither source has one
     * @throws UncheckedIOException when the file cannot be read
     */
    static String read(Path passwordFileOrNull) {
        if (passwordFileOrNull != null) {
            try {
                String text = Files.readString(passwordFileOrNull, StandardCharsets.UTF_8);
                int eol = text.indexOf('\n');
                String line = eol < 0 ? text : text.substring(0, eol);
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read password file " + passwordFileOrNull, e);
            }
        }
        String env = System.getenv(ENV);
        return env == null || env.isEmpty() ? null : env;
    }
}
