package io.dialtone.transport.internal;

import io.dialtone.message.Via;

import java.util.Locale;

/**
 * Where a response goes, from its top Via (RFC 3261 §18.2.2 with RFC 3581 §4). Pure value.
 *
 * <ul>
 * <li>{@code host}: {@code received} if present, else the sent-by host (brackets removed);</li>
 * <li>{@code port}: the {@code rport} value if present, else the sent-by port or the transport
 *     default (5060, 5061 for TLS). For UDP the response is sent to {@code host:port}; for a
 *     reliable transport {@code host:port} names the connection the request came on;</li>
 * <li>{@code connectPort}: for a reliable transport whose connection is gone, §18.2.2 opens a new
 *     connection to {@code host} on the sent-by port, which is this.</li>
 * </ul>
 *
 * @param transport   upper-case Via transport ({@code UDP}, {@code TCP}, ...)
 * @param host        IP literal or name, never bracketed
 * @param port        destination (UDP) or connection (reliable) port
 * @param connectPort port for a new connection (reliable); equals {@code port} for UDP
 */
public record ResponseRoute(String transport, String host, int port, int connectPort) {

    /** Applies §18.2.2 and RFC 3581 §4 to {@code topVia}. (maddr, §18.2.2's multicast case, is not supported.) */
    public static ResponseRoute of(Via topVia) {
        String received = topVia.received();
        String host = Hosts.unbracket(received != null && !received.isBlank() ? received : topVia.host());
        int sentByPort = topVia.portOrDefault();
        int port = topVia.rport().orElse(sentByPort);
        String transport = topVia.transport().toUpperCase(Locale.ROOT);
        return new ResponseRoute(transport, host, port, transport.equals("UDP") ? port : sentByPort);
    }

    public boolean reliable() {
        return !transport.equals("UDP");
    }
}
