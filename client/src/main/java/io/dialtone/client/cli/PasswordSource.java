package io.dialtone.client.cli;

import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the CLI takes a Digest password from: never from the command line (argv is visible to
 * every user of the machine through {@code ps}), only from
 * <ol>
 *   <li>{@code --password-file FILE}: the first line of FILE (UTF-8, line terminator removed), or</li>
 *   <li>the environment variable {@value #ENV}.</li>
 * </ol>
 * The file wins when both are given. The password is never printed, not even in error messages.
 */
public final class PasswordSource {
    /** The environment variable holding the password. */
    public static final String ENV = "DIALTONE_PASSWORD";

    private PasswordSource() {
    }

    /**
     * The password from {@code passwordFile} if not {@code null}, else from {@value #ENV}.
     *
     * @throws IllegalArgumentException with a message fit for the user (and for
     *         {@link CommandLine.ParameterException}) when neither gives a non-empty password or the
     *         file cannot be read
     */
    public static String read(Path passwordFile) {
        return read(passwordFile, System.getenv());
    }

    /**
     * The password as {@link #read(Path)} finds it, or {@code null} when neither {@code passwordFile}
     * nor {@value #ENV} is set (for a registration that may not be challenged).
     *
     * @throws IllegalArgumentException when the file cannot be read or its first line is empty
     */
    public static String readOptional(Path passwordFile) {
        String env = System.getenv(ENV);
        return passwordFile == null && (env == null || env.isEmpty()) ? null : read(passwordFile);
    }

    /**
     * {@link #read(Path)} reported as a usage error of {@code command} (exit code 2, with usage).
     *
     * @throws CommandLine.ParameterException when no password is available
     */
    public static String read(Path passwordFile, CommandLine command) {
        try {
            return read(passwordFile);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command, e.getMessage());
        }
    }

    /** {@link #read(Path)} with {@code env} in place of the process environment (for tests). */
    static String read(Path passwordFile, Map<String, String> env) {
        if (passwordFile != null) {
            String line;
            try (BufferedReader r = Files.newBufferedReader(passwordFile, StandardCharsets.UTF_8)) {
                line = r.readLine();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --password-file " + passwordFile + ": " + e.getMessage(), e);
            }
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("--password-file " + passwordFile + " has an empty first line");
            }
            return line;
        }
        String env1 = env.get(ENV);
        if (env1 == null || env1.isEmpty()) {
            throw new IllegalArgumentException("no password: set the " + ENV + " environment variable or give --password-file FILE");
        }
        return env1;
    }
}
