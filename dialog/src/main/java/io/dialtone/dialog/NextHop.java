package io.dialtone.dialog;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipUri;
import io.dialtone.transport.Destination;
import io.dialtone.transport.TransportException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Chooses where a request goes (RFC 3261 §8.1.2, §12.2.1.1 and a numeric/A-record subset of
 * RFC 3263 §4): the first Route if there is one, else the Request-URI; the URI's {@code transport}
 * parameter, else {@code defaultTransport}; its port, else 5060. Names are resolved with the JDK
 * resolver (blocking; the client resolves before hopping onto a call executor).
 */
public final class NextHop {
    private NextHop() {}

    /**
     * @throws TransportException when the host cannot be resolved
     */
    public static Destination of(SipRequest request, String defaultTransport) {
        List<NameAddr> routes = request.routes();
        SipUri target = routes.isEmpty() ? request.requestUri() : routes.get(0).uri();
        return of(target, defaultTransport);
    }

    /**
     * The destination of a request inside {@code dialog}: its {@link Dialog#nextHopUri()}. Use
     * this rather than {@link #of(SipRequest, String)} for in-dialog requests, since a request
     * formatted for a strict router (§12.2.1.1) carries its next hop in the Request-URI.
     *
     * @throws TransportException when the host cannot be resolved
     */
    public static Destination of(Dialog dialog, String defaultTransport) {
        return of(dialog.nextHopUri(), defaultTransport);
    }

    /** The destination for {@code uri}: its maddr-free host, port and transport parameter. */
    public static Destination of(SipUri uri, String defaultTransport) {
        String transport = uri.transportParam();
        if (transport == null) {
            transport = uri.scheme().equals("sips") ? "TLS" : defaultTransport;
        }
        try {
            InetAddress address = InetAddress.getByName(uri.hostAddress());
            return new Destination(transport.toUpperCase(Locale.ROOT), new InetSocketAddress(address, uri.portOrDefault()));
        } catch (UnknownHostException e) {
            throw new TransportException("cannot resolve " + uri.host(), e);
        }
    }
}
