package io.dialtone.transport.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Host-string helpers for Via sent-by and {@code received} (RFC 3261 §18.2.1, §25.1). Stateless. */
public final class Hosts {
    private Hosts() {}

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
        try {
            return InetAddress.getByName(unbracket(host)).equals(address); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
