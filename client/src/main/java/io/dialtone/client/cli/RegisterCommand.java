package io.dialtone.client.cli;

import io.dialtone.client.Registration;
import io.dialtone.client.UserAgent;
import io.dialtone.message.SipParseException;
import io.dialtone.message.SipUri;
import io.dialtone.session.auth.CredentialsProvider;
import io.dialtone.session.auth.DigestCredentials;
import io.dialtone.session.register.RegistrationConfig;
import io.dialtone.session.register.RegistrationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code dialtone register}: registers once (RFC 3261 §10.2), optionally unregisters after a
 * while, and says what happened. Exit 0 when registered (and unregistered, if asked); 1 when the
 * registrar refused or did not answer; 2 usage error; 3 local failure.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = "Register a contact with a registrar (and optionally unregister it).")
final class RegisterCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "REGISTRAR-URI", description = "Registrar, e.g. sip:127.0.0.1:5060")
    String registrar;

    @Option(names = "--user", required = true, paramLabel = "USER",
            description = "User name: the AOR's user, our Contact's user and the Digest username.")
    String user;

    @Option(names = "--aor", paramLabel = "URI", description = "Address-of-record (default sip:USER@<registrar host:port>).")
    String aor;

    @Option(names = "--expires", paramLabel = "SEC", defaultValue = "3600", description = "Expiry to ask for (default ${DEFAULT-VALUE}).")
    long expires;

    @Option(names = "--unregister-after", paramLabel = "SEC", description = "Stay registered SEC seconds, then remove the binding.")
    Double unregisterAfter;

    @Option(names = "--proxy", paramLabel = "URI", description = "Outbound proxy (Route: <URI;lr>).")
    String proxy;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:0",
            converter = HostPort.Converter.class, description = "Local address (default ${DEFAULT-VALUE}: any free port).")
    HostPort listen;

    @Option(names = "--transport", paramLabel = "udp|tcp", defaultValue = "udp", description = "Transport (default ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the Digest password (default: environment DIALTONE_PASSWORD).")
    Path passwordFile;

    @Option(names = "--keepalive", paramLabel = "SEC", defaultValue = "0",
            description = "OPTIONS keep-alive interval while registered, 0 for none (default ${DEFAULT-VALUE}).")
    long keepAlive;

    @Option(names = "--instance", paramLabel = "URN", description = "RFC 5626 +sip.instance (default: a random urn:uuid).")
    String instance;

    @Option(names = "--timeout", paramLabel = "SEC", defaultValue = "40",
            description = "Seconds to wait for each answer (default ${DEFAULT-VALUE}).")
    double timeout;

    @Override
    public Integer call() throws Exception {
        String t = transport.toUpperCase(Locale.ROOT);
        if (!t.equals("UDP") && !t.equals("TCP")) {
            System.err.println("dialtone register: --transport must be udp or tcp");
            return 2;
        }
        SipUri registrarUri;
        SipUri aorUri;
        try {
            registrarUri = SipUri.parse(registrar);
            aorUri = aor != null ? SipUri.parse(aor) : SipUri.of(user, registrarUri.host(), registrarUri.port());
        } catch (SipParseException e) {
            System.err.println("dialtone register: bad URI: " + e.getMessage());
            return 2;
        }
        RegistrationConfig.Builder cfg = RegistrationConfig.builder(registrarUri, aorUri).contactUser(user).transport(t)
                .keepAliveSec(keepAlive);
        try {
            cfg.expiresSec(expires);
            if (instance != null) {
                cfg.instanceId(instance);
            }
            String password = PasswordSource.readOptional(passwordFile);
            if (password != null) {
                cfg.credentials(CredentialsProvider.of(new DigestCredentials(user, password)));
            }
            cfg.build();
        } catch (IllegalArgumentException e) {
            System.err.println("dialtone register: " + e.getMessage());
            return 2;
        }
        UserAgent.Builder b = UserAgent.builder().listen(listen.host(), listen.port()).userName(user).media(false);
        if (proxy != null) {
            b.outboundProxy(proxy);
        }
        try (UserAgent ua = b.start()) {
            Registration reg = ua.register(cfg.build());
            if (!await(reg.registered(), "register")) {
                return 1;
            }
            System.out.printf("registered %s at %s for %d s%n", aorUri, registrarUri, reg.grantedExpiresSec());
            System.out.flush();
            if (unregisterAfter == null) {
                return 0;
            }
            Thread.sleep(Math.round(unregisterAfter * 1000));
            if (!await(reg.unregister(), "unregister")) {
                return 1;
            }
            System.out.printf("unregistered %s%n", aorUri);
            return 0;
        }
    }

    private boolean await(java.util.concurrent.CompletableFuture<Void> f, String what) throws InterruptedException {
        try {
            f.get(Math.round(timeout * 1000), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof RegistrationException r ? r.getMessage() : String.valueOf(cause);
            System.err.println("dialtone register: " + what + " failed: " + why);
            return false;
        } catch (TimeoutException e) {
            System.err.println("dialtone register: " + what + " got no answer in " + timeout + " s");
            return false;
        }
    }
}
