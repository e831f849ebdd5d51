package io.dialtone.client.cli;

import io.dialtone.client.UserAgent;
import io.dialtone.session.auth.CredentialsProvider;
import io.dialtone.session.auth.DigestCredentials;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code dialtone phone}: an interactive phone for people (and scripts: it reads commands from
 * stdin, one per line). Type {@code help} for the commands.
 */
@Command(name = "phone", mixinStandardHelpOptions = true,
        description = "Interactive phone: place, answer and control calls by typing commands (help lists them).")
final class PhoneCommand implements Callable<Integer> {
    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:5060",
            converter = HostPort.Converter.class, description = "UDP and TCP listen address (default ${DEFAULT-VALUE}).")
    HostPort listen;

    @ArgGroup(exclusive = true)
    AudioOptions audio = new AudioOptions();

    @Option(names = "--user", paramLabel = "USER", defaultValue = "dialtone",
            description = "Our user name (From, Contact, AOR for 'register') and Digest username (default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Digest password: first line of FILE (default: environment DIALTONE_PASSWORD; none: no auth).")
    Path passwordFile;

    @Override
    public Integer call() throws Exception {
        AtomicReference<Phone> phone = new AtomicReference<>();
        String password = PasswordSource.readOptional(passwordFile);
        CredentialsProvider credentials = password == null ? null : CredentialsProvider.of(new DigestCredentials(user, password));
        UserAgent.Builder b = UserAgent.builder().listen(listen.host(), listen.port()).userName(user)
                .onRefer(refer -> true) // a person asked to be transferred: go along (RFC 3515 transferee)
                .onMessage(message -> phone.get() == null ? 480 : phone.get().onMessage(message));
        if (credentials != null) {
            b.credentials(credentials);
        }
        try (UserAgent ua = b
                .onIncomingCall(in -> {
                    Phone p = phone.get();
                    if (p == null) {
                        in.reject(480); // not ready yet: Temporarily Unavailable
                    } else {
                        p.onIncoming(in);
                    }
                }).start()) {
            Phone p = new Phone(ua, System.out, () -> audio.source(null), (frame, samples) -> { }, user, credentials);
            phone.set(p);
            System.out.printf("dialtone phone: listening on %s, sending %s%n", ua.localAddress(), audio.describe());
            return p.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        }
    }
}
