package io.dialtone.transport;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * Where to send a request: transport and resolved address (RFC 3261 §18.1.1; RFC 3263 lookup is
 * the caller's job for now).
 *
 * @param transport {@code "UDP"} or {@code "TCP"} (upper case)
 * @param address   resolved IP address and port
 */
public record Destination(String transport, InetSocketAddress address) {
    public Destination {
        Objects.requireNonNull(address, "address");
        transport = transport.toUpperCase(Locale.ROOT);
    }

    public static Destination udp(InetSocketAddress address) {
        return new Destination("UDP", address);
    }

    public static Destination tcp(InetSocketAddress address) {
        return new Destination("TCP", address);
    }

    public boolean reliable() {
        return !transport.equals("UDP");
    }
}
