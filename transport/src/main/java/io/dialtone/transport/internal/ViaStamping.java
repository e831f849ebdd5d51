package io.dialtone.transport.internal;

import io.dialtone.message.SipRequest;
import io.dialtone.message.Via;

import java.net.InetSocketAddress;

/**
 * Server transport rules for a received request's top Via: RFC 3261 §18.2.1 ({@code received})
 * and RFC 3581 §4 ({@code rport}). Pure function.
 */
public final class ViaStamping {
    private ViaStamping() {}

    /**
     * Returns the request with its top Via annotated for {@code source}, or the same instance when
     * nothing changes:
     * <ul>
     * <li>§18.2.1: adds {@code received=<source IP>} when the sent-by host differs from the source
     *     address (a domain name always differs);</li>
     * <li>RFC 3581 §4: a bare {@code rport} gets the source port, and then {@code received} is
     *     added even when the host matches.</li>
     * </ul>
     */
    public static SipRequest stamp(SipRequest request, InetSocketAddress source) {
        Via via = stamp(request.topVia(), source);
        return via == request.topVia() ? request : request.toBuilder().topVia(via).build();
    }

    /** The Via part of {@link #stamp(SipRequest, InetSocketAddress)}; returns {@code via} itself when unchanged. */
    public static Via stamp(Via via, InetSocketAddress source) {
        String ip = source.getAddress().getHostAddress();
        Via out = via;
        boolean fillRport = via.hasRport() && via.rport().isEmpty();
        if (fillRport) {
            out = out.withRport(source.getPort());
        }
        if (fillRport || !Hosts.sameAddress(via.host(), source.getAddress())) {
            out = out.withReceived(ip);
        }
        return out;
    }
}
