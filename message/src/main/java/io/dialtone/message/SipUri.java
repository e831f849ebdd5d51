package io.dialtone.message;

import java.util.Locale;
import java.util.Objects;

/**
 * A SIP or SIPS URI (RFC 3261 §19.1): {@code sip:user@host:port;params?headers}.
 *
 * @param scheme  {@code "sip"} or {@code "sips"}, lower case
 * @param user    the userinfo before {@code @} (user and optional {@code :password}) as written, or {@code null}
 * @param host    a host name, IPv4 address, or IPv6 reference in brackets ({@code [::1]}), as written
 * @param port    port number 1–65535, or -1 when absent
 * @param params  URI parameters ({@code ;transport=tcp;lr}), never {@code null}
 * @param headers the raw {@code ?}-part without the {@code ?}, or {@code null}
 */
public record SipUri(String scheme, String user, String host, int port, Parameters params, String headers) {

    public SipUri {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(params, "params");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < -1 || port > 65535 || port == 0) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code sip:user@host[:port]}; {@code user} may be {@code null}. */
    public static SipUri of(String user, String host, int port) {
        return new SipUri("sip", user, host, port, Parameters.EMPTY, null);
    }

    /**
     * Parses a SIP or SIPS URI.
     *
     * @throws SipParseException 416 for another scheme, 400 for a malformed URI
     */
    public static SipUri parse(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0) {
            throw SipParseException.badHeader(null, "URI without scheme");
        }
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            throw new SipParseException(-1, null, 416, "unsupported URI scheme " + scheme);
        }
        int q = s.indexOf('?', colon + 1);
        String headers = q < 0 ? null : s.substring(q + 1);
        String rest = q < 0 ? s.substring(colon + 1) : s.substring(colon + 1, q);
        int at = rest.lastIndexOf('@');
        String user = null;
        if (at >= 0) {
            user = rest.substring(0, at);
            if (user.isEmpty()) {
                throw SipParseException.badHeader(null, "empty user in URI");
            }
            for (int k = 0; k < user.length(); k++) {
                char c = user.charAt(k);
                if (c <= ' ' || c == 0x7F || c == '<' || c == '>' || c == '"') {
                    throw SipParseException.badHeader(null, "invalid character in URI user part");
                }
            }
            rest = rest.substring(at + 1);
        }
        int hostEnd;
        if (rest.startsWith("[")) {
            hostEnd = rest.indexOf(']');
            if (hostEnd < 0) {
                throw SipParseException.badHeader(null, "unterminated IPv6 reference");
            }
            hostEnd++;
            if (hostEnd < rest.length() && rest.charAt(hostEnd) != ':' && rest.charAt(hostEnd) != ';') {
                throw SipParseException.badHeader(null, "junk after IPv6 reference");
            }
        } else {
            hostEnd = 0;
            while (hostEnd < rest.length() && rest.charAt(hostEnd) != ':' && rest.charAt(hostEnd) != ';') {
                hostEnd++;
            }
        }
        String host = rest.substring(0, hostEnd);
        if (host.isEmpty() || !validHost(host)) {
            throw SipParseException.badHeader(null, "invalid host '" + host + "'");
        }
        int port = -1;
        int i = hostEnd;
        if (i < rest.length() && rest.charAt(i) == ':') {
            int p = i + 1;
            while (p < rest.length() && rest.charAt(p) != ';') {
                p++;
            }
            port = parsePort(rest.substring(i + 1, p));
            i = p;
        }
        Parameters params = i < rest.length() ? Parameters.parse(rest.substring(i), null) : Parameters.EMPTY;
        return new SipUri(scheme, user, host, port, params, headers);
    }

    static int parsePort(String digits) {
        if (digits.isEmpty() || digits.length() > 5) {
            throw SipParseException.badHeader(null, "invalid port '" + digits + "'");
        }
        int port = 0;
        for (int k = 0; k < digits.length(); k++) {
            char c = digits.charAt(k);
            if (c < '0' || c > '9') {
                throw SipParseException.badHeader(null, "invalid port '" + digits + "'");
            }
            port = port * 10 + (c - '0');
        }
        if (port == 0 || port > 65535) {
            throw SipParseException.badHeader(null, "port out of range '" + digits + "'");
        }
        return port;
    }

    static boolean validHost(String host) {
        if (host.charAt(0) == '[') {
            return host.length() >= 4 && host.charAt(host.length() - 1) == ']'
                    && validIpv6(host.substring(1, host.length() - 1));
        }
        for (int k = 0; k < host.length(); k++) {
            char c = host.charAt(k);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** RFC 4291 §2.2 text form (hex groups, at most one {@code ::}, optional trailing dotted IPv4). */
    static boolean validIpv6(String a) {
        int groups = 0;
        boolean compressed = false;
        int i = 0;
        int n = a.length();
        if (n < 2) {
            return false;
        }
        if (a.startsWith("::")) {
            compressed = true;
            i = 2;
            if (i == n) {
                return true;
            }
        } else if (a.charAt(0) == ':') {
            return false;
        }
        while (i < n) {
            int start = i;
            while (i < n && Character.digit(a.charAt(i), 16) >= 0 && a.charAt(i) < 0x80) {
                i++;
            }
            if (i < n && a.charAt(i) == '.') { // embedded IPv4 ends the address
                if (!validIpv4(a.substring(start))) {
                    return false;
                }
                groups += 2;
                break;
            }
            int len = i - start;
            if (len == 0 || len > 4) {
                return false;
            }
            groups++;
            if (i == n) {
                break;
            }
            if (a.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < n && a.charAt(i) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return false; // trailing single ':'
            }
        }
        return compressed ? groups <= 7 : groups == 8;
    }

    private static boolean validIpv4(String s) {
        int parts = 0;
        int i = 0;
        while (parts < 4) {
            int start = i;
            int value = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start || value > 255) {
                return false;
            }
            parts++;
            if (parts < 4) {
                if (i >= s.length() || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return i == s.length();
    }

    /** The password after {@code user:} (deprecated by §19.1.1 but legal), or {@code null}. */
    public String password() {
        if (user == null) {
            return null;
        }
        int c = user.indexOf(':');
        return c < 0 ? null : user.substring(c + 1);
    }

    /** The {@code user} part without a password, or {@code null}. */
    public String userName() {
        if (user == null) {
            return null;
        }
        int c = user.indexOf(':');
        return c < 0 ? user : user.substring(0, c);
    }

    /** The {@code transport} URI parameter in lower case, or {@code null}. */
    public String transportParam() {
        return params.get("transport").map(t -> t.toLowerCase(Locale.ROOT)).orElse(null);
    }

    /** True when the URI carries {@code ;lr} (RFC 3261 §19.1.1, loose routing). */
    public boolean looseRouting() {
        return params.has("lr");
    }

    /** Host without IPv6 brackets, for socket APIs. */
    public String hostAddress() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** {@code port} or the scheme's default (5060, or 5061 for sips) when absent (§19.1.2). */
    public int portOrDefault() {
        return port > 0 ? port : scheme.equals("sips") ? 5061 : 5060;
    }

    public SipUri withUser(String newUser) {
        return new SipUri(scheme, newUser, host, port, params, headers);
    }

    public SipUri withHostPort(String newHost, int newPort) {
        return new SipUri(scheme, user, newHost, newPort, params, headers);
    }

    public SipUri withParam(String name, String value) {
        return new SipUri(scheme, user, host, port, params.with(name, value), headers);
    }

    public SipUri withoutParam(String name) {
        return new SipUri(scheme, user, host, port, params.without(name), headers);
    }

    /** Appends the URI as written to {@code sb}. */
    public void appendTo(StringBuilder sb) {
        sb.append(scheme).append(':');
        if (user != null) {
            sb.append(user).append('@');
        }
        sb.append(host);
        if (port > 0) {
            sb.append(':').append(port);
        }
        params.appendTo(sb);
        if (headers != null) {
            sb.append('?').append(headers);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(32);
        appendTo(sb);
        return sb.toString();
    }
}
