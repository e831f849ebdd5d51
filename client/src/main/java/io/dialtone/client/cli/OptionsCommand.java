package io.dialtone.client.cli;

import io.dialtone.client.UserAgent;
import io.dialtone.message.SipResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code dialtone options}: asks a UA or server for its capabilities (RFC 3261 §11) and prints the
 * status, Allow and Supported. Exit 0 on a 2xx, 1 on any other answer or none, 2 usage error.
 */
@Command(name = "options", mixinStandardHelpOptions = true, description = "Send OPTIONS and print Allow and Supported.")
final class OptionsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URI", description = "Whom to ask, e.g. sip:127.0.0.1:5060")
    String uri;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:0",
            converter = HostPort.Converter.class, description = "Local address (default ${DEFAULT-VALUE}: any free port).")
    HostPort listen;

    @Option(names = "--transport", paramLabel = "udp|tcp", defaultValue = "udp", description = "Transport (default ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--proxy", paramLabel = "URI", description = "Outbound proxy (Route: <URI;lr>).")
    String proxy;

    @Option(names = "--timeout", paramLabel = "SEC", defaultValue = "40", description = "Seconds to wait (default ${DEFAULT-VALUE}).")
    double timeout;

    @Override
    public Integer call() throws Exception {
        String t = transport.toUpperCase(Locale.ROOT);
        if (!t.equals("UDP") && !t.equals("TCP")) {
            System.err.println("dialtone options: --transport must be udp or tcp");
            return 2;
        }
        UserAgent.Builder b = UserAgent.builder().listen(listen.host(), listen.port()).media(false);
        if (proxy != null) {
            b.outboundProxy(proxy);
        }
        try (UserAgent ua = b.start()) {
            SipResponse rsp;
            try {
                rsp = ua.options(uri, t).get(Math.round(timeout * 1000), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                System.err.println("dialtone options: " + (cause instanceof IllegalArgumentException ? "" : "failed: ")
                        + cause.getMessage());
                return cause instanceof IllegalArgumentException ? 2 : 1;
            } catch (TimeoutException e) {
                System.err.println("dialtone options: no answer in " + timeout + " s");
                return 1;
            }
            System.out.println(rsp.statusCode() + " " + rsp.reasonPhrase());
            System.out.println("Allow: " + String.join(", ", rsp.headerList("Allow")));
            System.out.println("Supported: " + String.join(", ", rsp.headerList("Supported")));
            rsp.header("Server").or(() -> rsp.header("User-Agent")).ifPresent(s -> System.out.println("Server: " + s));
            if (!rsp.isSuccess()) {
                System.err.println("dialtone options: " + uri + " answered " + rsp.statusCode() + " " + rsp.reasonPhrase());
                return 1;
            }
            return 0;
        }
    }
}
