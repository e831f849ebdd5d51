package io.dialtone.transport;

import java.net.InetSocketAddress;

/**
 * A bound socket the stack receives on (RFC 3261 §18).
 *
 * @param transport {@code "UDP"} or {@code "TCP"}
 * @param address   bound address and port
 */
public record ListeningPoint(String transport, InetSocketAddress address) {
    /** The host string for Via/Contact: the IP literal, IPv6 in brackets. */
    public String host() {
        String h = address.getAddress().getHostAddress();
        return h.indexOf(':') >= 0 ? "[" + h + "]" : h;
    }

    public int port() {
        return address.getPort();
    }
}
