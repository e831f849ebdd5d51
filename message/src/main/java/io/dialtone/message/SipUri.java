package io.dialtone.message;

import io.dialtone.message.internal.UriText;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
public record SipUri(String scheme, String user, String host, int port, Parameters params, String headers) implements Uri {

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
     * Parses a SIP or SIPS URI by the RFC 3261 §25.1 grammar: the user part may hold {@code ; ? /}
     * (§19.1.1 user-unreserved), every {@code %} must start a complete escape, the host is a
     * hostname, IPv4 address or bracketed IPv6 reference (RFC 5118).
     *
     * @throws SipParseException 416 for another (well-formed) scheme, 400 for a malformed URI
     */
    public static SipUri parse(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0 || !UriText.isScheme(s.substring(0, colon))) {
            throw SipParseException.badHeader(null, "URI without a valid scheme");
        }
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            throw new SipParseException(-1, null, 416, "unsupported URI scheme " + scheme);
        }
        return parseSip(scheme, s, colon + 1);
    }

    static SipUri parseSip(String scheme, String s, int from) {
        int n = s.length();
        int at = s.indexOf('@', from); // '@' is in no class after the userinfo (§25.1)
        String user = null;
        int i = from;
        if (at >= 0) {
            int pw = s.indexOf(':', from);
            int userEnd = pw >= 0 && pw < at ? pw : at;
            if (userEnd == from) {
                throw SipParseException.badHeader(null, "empty user in URI");
            }
            if (!UriText.valid(s, from, userEnd, UriText::isUserChar)) {
                throw SipParseException.badHeader(null, "invalid character or escape in URI user part");
            }
            if (userEnd < at && !UriText.valid(s, userEnd + 1, at, UriText::isPasswordChar)) {
                throw SipParseException.badHeader(null, "invalid character or escape in URI password");
            }
            user = s.substring(from, at);
            i = at + 1;
        }
        int hostEnd;
        if (i < n && s.charAt(i) == '[') {
            hostEnd = s.indexOf(']', i);
            if (hostEnd < 0) {
                throw SipParseException.badHeader(null, "unterminated IPv6 reference");
            }
            hostEnd++;
            if (hostEnd < n && ":;?".indexOf(s.charAt(hostEnd)) < 0) {
                throw SipParseException.badHeader(null, "junk after IPv6 reference");
            }
        } else {
            hostEnd = i;
            while (hostEnd < n && ":;?".indexOf(s.charAt(hostEnd)) < 0) {
                hostEnd++;
            }
        }
        String host = s.substring(i, hostEnd);
        if (!UriText.isHost(host)) {
            throw SipParseException.badHeader(null, "invalid host '" + printable(host) + "'");
        }
        int port = -1;
        i = hostEnd;
        if (i < n && s.charAt(i) == ':') {
            int p = i + 1;
            while (p < n && s.charAt(p) != ';' && s.charAt(p) != '?') {
                p++;
            }
            port = parsePort(s.substring(i + 1, p));
            i = p;
        }
        int q = s.indexOf('?', i); // no '?' in a uri-parameter (paramchar)
        int paramsEnd = q < 0 ? n : q;
        Parameters params = i < paramsEnd ? parseUriParams(s, i, paramsEnd) : Parameters.EMPTY;
        String headers = null;
        if (q >= 0) {
            headers = s.substring(q + 1);
            checkHeaders(headers);
        }
        return new SipUri(scheme, user, host, port, params, headers);
    }

    /** {@code *( ";" uri-parameter )}, {@code uri-parameter = pname [ "=" pvalue ]}, both 1*paramchar. */
    private static Parameters parseUriParams(String s, int from, int to) {
        List<Parameters.Param> list = new ArrayList<>(2);
        int i = from;
        while (i < to) {
            int next = s.indexOf(';', i + 1);
            int end = next < 0 || next > to ? to : next;
            int nameEnd = indexOf(s, '=', i + 1, end); // bounded to this parameter: linear in the URI
            if (nameEnd == i + 1 || !UriText.valid(s, i + 1, nameEnd, UriText::isParamChar)) {
                throw SipParseException.badHeader(null, "invalid URI parameter name '" + printable(s.substring(i + 1, nameEnd)) + "'");
            }
            String value = null;
            if (nameEnd < end) {
                if (nameEnd + 1 == end || !UriText.valid(s, nameEnd + 1, end, UriText::isParamChar)) {
                    throw SipParseException.badHeader(null, "invalid URI parameter value '" + printable(s.substring(nameEnd + 1, end)) + "'");
                }
                value = s.substring(nameEnd + 1, end);
            }
            list.add(new Parameters.Param(s.substring(i + 1, nameEnd), value));
            i = end;
        }
        return Parameters.ofList(list);
    }

    /** {@code headers = header *( "&" header )}, {@code header = hname "=" hvalue}. */
    private static void checkHeaders(String h) {
        int i = 0;
        while (true) {
            int amp = h.indexOf('&', i);
            int end = amp < 0 ? h.length() : amp;
            int eq = indexOf(h, '=', i, end);
            if (eq == end || eq == i
                    || !UriText.valid(h, i, eq, UriText::isHeaderChar)
                    || !UriText.valid(h, eq + 1, end, UriText::isHeaderChar)) {
                throw SipParseException.badHeader(null, "invalid URI header '" + printable(h.substring(i, end)) + "'");
            }
            if (amp < 0) {
                return;
            }
            i = amp + 1;
        }
    }

    /** Index of {@code ch} in {@code s[from, to)}, or {@code to} when absent. */
    private static int indexOf(String s, char ch, int from, int to) {
        int i = from;
        while (i < to && s.charAt(i) != ch) {
            i++;
        }
        return i;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 40));
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c >= 0x7F ? '?' : c);
        }
        return sb.toString();
    }

    static int parsePort(String digits) {
        if (digits.isEmpty() || digits.length() > 5) {
            throw SipParseException.badHeader(null, "invalid port '" + printable(digits) + "'");
        }
        int port = 0;
        for (int k = 0; k < digits.length(); k++) {
            char c = digits.charAt(k);
            if (c < '0' || c > '9') {
                throw SipParseException.badHeader(null, "invalid port '" + printable(digits) + "'");
            }
            port = port * 10 + (c - '0');
        }
        if (port == 0 || port > 65535) {
            throw SipParseException.badHeader(null, "port out of range '" + digits + "'");
        }
        return port;
    }

    static boolean validHost(String host) {
        return UriText.isHost(host);
    }

    /** RFC 4291 §2.2 text form (hex groups, at most one {@code ::}, optional trailing dotted IPv4). */
    static boolean validIpv6(String a) {
        return UriText.ipv6Bytes(a) != null;
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

    /** The user name with escapes decoded as UTF-8 ({@code %75se%72} is {@code user}, RFC 4475 §3.1.1.3), or {@code null}. */
    public String unescapedUser() {
        return UriText.unescape(userName());
    }

    /**
     * The {@code ?}-part as {@code hname=hvalue} pairs, in order, names and values unescaped
     * ({@code ?Route=%3Csip:example.com%3E} gives {@code Route} = {@code <sip:example.com>}); empty
     * when there is none. These are never applied as header fields by this layer (RFC 4475 §3.1.2.11).
     */
    public List<Parameters.Param> headerFields() {
        if (headers == null) {
            return List.of();
        }
        List<Parameters.Param> out = new ArrayList<>(2);
        for (String h : headers.split("&")) {
            int eq = h.indexOf('=');
            out.add(new Parameters.Param(UriText.unescape(h.substring(0, eq)), UriText.unescape(h.substring(eq + 1))));
        }
        return List.copyOf(out);
    }

    /** URI parameters that, present in only one of two URIs, make them differ (§19.1.4). */
    private static final List<String> SIGNIFICANT_PARAMS = List.of("user", "ttl", "method", "maddr", "transport");

    /**
     * URI comparison of RFC 3261 §19.1.4: same scheme; user and password equal case-sensitively
     * once unreserved escapes are decoded; host equal case-insensitively (IPv6 references by value,
     * a name never equal to an address); port present in both or neither and equal; the user, ttl,
     * method, maddr and transport parameters present in both or neither; any other parameter that
     * both carry equal (unmatched ones ignored); the same header components. Unlike
     * {@link #equals}, which compares the text as written.
     */
    @Override
    public boolean equivalent(Uri other) {
        if (!(other instanceof SipUri o) || !scheme.equals(o.scheme) || port != o.port) {
            return false;
        }
        if (!Objects.equals(UriText.normalize(user, false), UriText.normalize(o.user, false))) {
            return false;
        }
        if (host.startsWith("[") != o.host.startsWith("[")) {
            return false;
        }
        if (host.startsWith("[")) {
            if (!Arrays.equals(UriText.ipv6Bytes(hostAddress()), UriText.ipv6Bytes(o.hostAddress()))) {
                return false;
            }
        } else if (!host.equalsIgnoreCase(o.host)) {
            return false;
        }
        for (Parameters.Param p : params.asList()) {
            String name = UriText.normalize(p.name(), true);
            Parameters.Param q = findParam(o.params, name);
            if (q == null) {
                if (SIGNIFICANT_PARAMS.contains(name)) {
                    return false;
                }
            } else if (!Objects.equals(UriText.normalize(p.value(), true), UriText.normalize(q.value(), true))) {
                return false;
            }
        }
        for (Parameters.Param q : o.params.asList()) {
            String name = UriText.normalize(q.name(), true);
            if (SIGNIFICANT_PARAMS.contains(name) && findParam(params, name) == null) {
                return false;
            }
        }
        return comparableHeaders(this).equals(comparableHeaders(o));
    }

    private static Parameters.Param findParam(Parameters params, String normalizedName) {
        for (Parameters.Param p : params.asList()) {
            if (UriText.normalize(p.name(), true).equals(normalizedName)) {
                return p;
            }
        }
        return null;
    }

    private static java.util.Set<String> comparableHeaders(SipUri u) {
        java.util.Set<String> out = new java.util.HashSet<>();
        if (u.headers != null) {
            for (String h : u.headers.split("&")) {
                int eq = h.indexOf('=');
                out.add(UriText.normalize(h.substring(0, eq), true) + "=" + UriText.normalize(h.substring(eq + 1), true));
            }
        }
        return out;
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
