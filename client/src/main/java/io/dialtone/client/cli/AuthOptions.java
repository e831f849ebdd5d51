package io.dialtone.client.cli;

import io.dialtone.message.header.DigestAlgorithm;
import io.dialtone.session.auth.CredentialsProvider;
import io.dialtone.session.auth.DigestCredentials;
import io.dialtone.session.auth.DigestServer;
import io.dialtone.session.auth.PasswordLookup;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Digest authentication (RFC 3261 §22) from the command line: {@code call --user} and
 * {@code serve --auth-user}. Passwords come from {@link PasswordSource} only.
 */
final class AuthOptions {
    private AuthOptions() {
    }

    /**
     * Credentials of {@code user} for every realm, the password from {@link PasswordSource}.
     *
     * @throws CommandLine.ParameterException when no password is available
     */
    static CredentialsProvider credentials(String user, Path passwordFile, CommandLine command) {
        return CredentialsProvider.of(new DigestCredentials(user, PasswordSource.read(passwordFile, command)));
    }

    /**
     * A server for {@code realm} accepting only {@code user}, offering {@code algorithms} in order.
     *
     * @throws CommandLine.ParameterException for an unknown algorithm, none, or no password
     */
    static DigestServer server(String realm, String user, List<String> algorithms, Path passwordFile, CommandLine command) {
        List<DigestAlgorithm> offered = new ArrayList<>();
        for (String a : algorithms) {
            offered.add(DigestAlgorithm.of(a.trim()).orElseThrow(() -> new CommandLine.ParameterException(command,
                    "--auth-algorithms: unknown algorithm '" + a.trim() + "' (MD5, SHA-256, SHA-512-256, or one with -sess)")));
        }
        if (offered.isEmpty()) {
            throw new CommandLine.ParameterException(command, "--auth-algorithms: no algorithm");
        }
        return DigestServer.builder(realm, PasswordLookup.of(user, PasswordSource.read(passwordFile, command)))
                .algorithms(offered).build();
    }
}
