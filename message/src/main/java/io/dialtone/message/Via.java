package io.dialtone.message;

import io.dialtone.message.internal.Lexer;
import io.dialtone.message.internal.UriText;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One Via header value (RFC 3261 §20.42, §18.2.2; RFC 3581 {@code rport}):
 * {@code SIP/2.0/UDP host:port;branch=z9hG4bK...;received=...;rport=...}.
 *
 * @param transport upper-case transport token ({@code UDP}, {@code TCP}, {@code TLS}, {@code WS}, ...)
 * @param host      sent-by host (name, IPv4, or bracketed IPv6)
 * @param port      sent-by port, or -1 when absent
 * @param params    via-params in order, never {@code null}
 */
public record Via(String transport, String host, int port, Parameters params) {

    /** RFC 3261 §8.1.1.7 magic cookie that starts every compliant branch. */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    public Via {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(params, "params");
        if (!Lexer.isToken(transport)) {
            throw new IllegalArgumentException("transport is not a token: " + transport);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < -1 || port == 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** A Via for a request we send: {@code SIP/2.0/transport host:port;branch=branch;rport}. */
    public static Via of(String transport, String host, int port, String branch) {
        return new Via(transport.toUpperCase(Locale.ROOT), host, port,
                Parameters.EMPTY.with("branch", branch).with("rport", null));
    }

    /**
     * Parses one via-parm.
     *
     * @throws SipParseException (400, header Via) when malformed
     */
    public static Via parse(String value) {
        String v = value.strip();
        int i = expect(v, 0, "SIP");
        i = slash(v, i);
        i = expect(v, i, "2.0");
        i = slash(v, i);
        int t = i;
        while (i < v.length() && Lexer.isTokenChar(v.charAt(i))) {
            i++;
        }
        if (i == t) {
            throw SipParseException.badHeader("Via", "missing transport");
        }
        String transport = v.substring(t, i).toUpperCase(Locale.ROOT);
        int h = i;
        while (i < v.length() && Lexer.isWhitespace(v.charAt(i))) {
            i++;
        }
        if (i == h) {
            throw SipParseException.badHeader("Via", "missing space before sent-by");
        }
        int semi = Lexer.indexOutsideQuotes(v, ';', i);
        String sentBy = (semi < 0 ? v.substring(i) : v.substring(i, semi)).strip();
        String host;
        int port = -1;
        if (sentBy.startsWith("[")) {
            int close = sentBy.indexOf(']');
            if (close < 0) {
                throw SipParseException.badHeader("Via", "unterminated IPv6 reference");
            }
            host = sentBy.substring(0, close + 1);
            String rest = sentBy.substring(close + 1).strip();
            if (!rest.isEmpty()) {
                if (rest.charAt(0) != ':') {
                    throw SipParseException.badHeader("Via", "junk after host");
                }
                port = portOf(rest.substring(1).strip());
            }
        } else {
            int colon = sentBy.indexOf(':');
            host = (colon < 0 ? sentBy : sentBy.substring(0, colon)).strip();
            if (colon >= 0) {
                port = portOf(sentBy.substring(colon + 1).strip());
            }
        }
        if (host.isEmpty() || !SipUri.validHost(host)) {
            throw SipParseException.badHeader("Via", "invalid sent-by host '" + host + "'");
        }
        Parameters params = semi < 0 ? Parameters.EMPTY : Parameters.parse(v.substring(semi), "Via");
        String rport = params.value("rport");
        if (rport != null) {
            portOf(rport); // RFC 3581 §3: rport = "rport" [EQUAL 1*DIGIT]
        }
        String received = params.value("received");
        if (received != null && !UriText.isIpv4(received) && UriText.ipv6Bytes(received) == null
                && !(received.startsWith("[") && UriText.isHost(received))) {
            // §20.42 via-received = IPv4address / IPv6address; bracketed tolerated (RFC 5118 §4.5)
            throw SipParseException.badHeader("Via", "received is not an IP address");
        }
        return new Via(transport, host, port, params);
    }

    private static int portOf(String s) {
        try {
            return SipUri.parsePort(s);
        } catch (SipParseException e) {
            throw SipParseException.badHeader("Via", e.getMessage());
        }
    }

    private static int expect(String v, int i, String word) {
        while (i < v.length() && Lexer.isWhitespace(v.charAt(i))) {
            i++;
        }
        if (!v.regionMatches(true, i, word, 0, word.length())) {
            throw SipParseException.badHeader("Via", "expected " + word);
        }
        return i + word.length();
    }

    private static int slash(String v, int i) {
        while (i < v.length() && Lexer.isWhitespace(v.charAt(i))) {
            i++;
        }
        if (i >= v.length() || v.charAt(i) != '/') {
            throw SipParseException.badHeader("Via", "expected '/' in sent-protocol");
        }
        i++;
        while (i < v.length() && Lexer.isWhitespace(v.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The {@code branch} parameter, or {@code null}. */
    public String branch() {
        return params.value("branch");
    }

    /** The {@code received} parameter as written, or {@code null}. */
    public String received() {
        return params.value("received");
    }

    /**
     * The {@code received} address without IPv6 brackets, or {@code null}: RFC 3261 §25.1 writes an
     * IPv6 address bare, RFC 5118 §4.5 accepts it bracketed too.
     */
    public String receivedAddress() {
        String r = received();
        return r != null && r.startsWith("[") && r.endsWith("]") ? r.substring(1, r.length() - 1) : r;
    }

    /**
     * True when the branch starts with the magic cookie and has more after it (§8.1.1.7), so the
     * §17.2.3 matching rules apply; a bare {@code z9hG4bK} (RFC 4475 §3.2.1) or a missing or
     * RFC 2543 branch is not one.
     */
    public boolean hasRfc3261Branch() {
        String b = branch();
        return b != null && b.length() > MAGIC_COOKIE.length() && b.startsWith(MAGIC_COOKIE);
    }

    /** True when {@code rport} is present, with or without a value (RFC 3581 §4). */
    public boolean hasRport() {
        return params.has("rport");
    }

    /** The {@code rport} value filled in by a server (RFC 3581 §4), empty when absent or bare. */
    public OptionalInt rport() {
        return params.get("rport").map(p -> {
            try {
                return OptionalInt.of(Integer.parseInt(p));
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }).orElse(OptionalInt.empty());
    }

    /** Sent-by port or the transport default (5060; 5061 for TLS) per §18.2.2. */
    public int portOrDefault() {
        return port > 0 ? port : transport.equals("TLS") ? 5061 : 5060;
    }

    /** True for stream transports that need Content-Length framing (TCP, TLS, SCTP, WS). */
    public boolean reliable() {
        return !transport.equals("UDP");
    }

    /** A copy with {@code ;received=address} (§18.2.1), replacing any previous value. */
    public Via withReceived(String address) {
        Objects.requireNonNull(address, "address");
        return new Via(transport, host, port, params.with("received", address));
    }

    /** @throws IllegalArgumentException unless {@code sourcePort} is 1–65535 */
    public Via withRport(int sourcePort) {
        if (sourcePort < 1 || sourcePort > 65535) {
            throw new IllegalArgumentException("port out of range: " + sourcePort);
        }
        return new Via(transport, host, port, params.with("rport", Integer.toString(sourcePort)));
    }

    public Via withParams(Parameters newParams) {
        return new Via(transport, host, port, newParams);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64);
        sb.append("SIP/2.0/").append(transport).append(' ').append(host);
        if (port > 0) {
            sb.append(':').append(port);
        }
        params.appendTo(sb);
        return sb.toString();
    }
}
