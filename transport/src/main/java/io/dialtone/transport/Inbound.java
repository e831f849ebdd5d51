package io.dialtone.transport;

import java.net.InetSocketAddress;

/**
 * Where a message came from.
 *
 * @param transport {@code "UDP"} or {@code "TCP"}
 * @param remote    the peer's source address and port
 * @param local     the listening point's address it arrived on
 */
public record Inbound(String transport, InetSocketAddress remote, InetSocketAddress local) {}
