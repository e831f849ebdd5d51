package io.dialtone.transport.internal;

import io.netty.channel.socket.SocketProtocolFamily;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Host-string helpers for Via sent-by and {@code received} (RFC 3261 §18.2.1, §25.1), and the socket
 * family of a listen address. Stateless.
 */
public final class Hosts {
    private Hosts() {}

    /**
     * The dotted quad {@code host} (an IPv4 literal, see {@link #isIpLiteral}) as a 32-bit value;
     * -1 if a part is empty or exceeds 255.
     */
    private static long ipv4(String host) {
        long value = 0;
        int part = 0;
        int digits = 0;
        for (int i = 0; i <= host.length(); i++) {
            char c = i < host.length() ? host.charAt(i) : '.';
            if (c == '.') {
                if (part > 255 || digits == 0) {
                    return -1;
                }
                value = value << 8 | part;
                part = 0;
                digits = 0;
            } else {
                digits++;
                part = part * 10 + (c - '0');
                if (part > 255) {
                    part = 256;                  // stays invalid without overflowing
                }
            }
        }
        return value;
    }

    private static long ipv4(byte[] a) {
        return (a[0] & 0xFFL) << 24 | (a[1] & 0xFFL) << 16 | (a[2] & 0xFFL) << 8 | a[3] & 0xFFL;
    }

    /** Removes the brackets of an IPv6 reference ({@code [::1]} becomes {@code ::1}). */
    public static String unbracket(String host) {
        return host.length() > 1 && host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']'
                ? host.substring(1, host.length() - 1) : host;
    }

    /** True for an IPv4 or IPv6 literal (bracketed or not); false for a domain name. */
    public static boolean isIpLiteral(String host) {
        String h = unbracket(host);
        if (h.indexOf(':') >= 0) {
            return true;
        }
        int dots = 0;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots == 3;
    }

    /**
     * True when {@code host} is an IP literal naming {@code address}. A domain name never matches:
     * §18.2.1 adds {@code received} whenever sent-by is a name, since it cannot be compared
     * without a lookup.
     */
    public static boolean sameAddress(String host, InetAddress address) {
        if (!isIpLiteral(host)) {
            return false;
        }
        if (address instanceof Inet4Address v4 && host.indexOf(':') < 0) { // the common case, without a parse into an InetAddress
            return ipv4(host) == ipv4(v4.getAddress());
        }
        try {
            return InetAddress.getByName(unbracket(host)).equals(address); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * The family of the socket listening at {@code address}: IPv4 for an IPv4 address, the wildcard
     * {@code 0.0.0.0} included, as the media sockets do; IPv6 for an IPv6 one (a dual-stack socket for
     * {@code ::}). Not the platform's default for an IPv4 address, a dual-stack IPv6 socket: that takes
     * the kernel's IPv6 send path for every datagram, and bound to an IPv4 address it cannot reach an
     * IPv6 peer anyway. Never throws; {@code address} must not be null.
     */
    public static SocketProtocolFamily socketFamily(InetAddress address) {
        return address instanceof Inet4Address ? SocketProtocolFamily.INET : SocketProtocolFamily.INET6;
    }
}
