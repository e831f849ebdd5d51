package io.dialtone.message;

import io.dialtone.message.internal.Lexer;

import java.util.Objects;

/**
 * A {@code name-addr} or {@code addr-spec} with header parameters, the value of From, To, Contact,
 * Route and Record-Route (RFC 3261 §20.10, §20.20, §20.39, §25.1). The address may be any URI
 * (SIP, SIPS, tel, or another scheme: RFC 4475 §3.3.4). Always serialized in the bracketed
 * name-addr form, which is valid wherever either form is.
 *
 * @param displayName the display name as written (quoted or a token run), or {@code null}
 * @param address     the URI
 * @param params      header parameters after the URI ({@code ;tag=}, {@code ;expires=}), never {@code null}
 */
public record NameAddr(String displayName, Uri address, Parameters params) {

    public NameAddr {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(params, "params");
        if (displayName != null && !validDisplayName(displayName)) {
            throw new IllegalArgumentException("display name is neither a quoted string nor tokens: " + displayName);
        }
    }

    /** {@code "name" <uri>} with {@code name} quoted and escaped as needed (§25.1 quoted-string). */
    public static NameAddr of(String displayName, Uri uri) {
        return new NameAddr(displayName == null ? null : quote(displayName), uri, Parameters.EMPTY);
    }

    /** {@code <uri>} with no display name and no parameters. */
    public static NameAddr of(Uri uri) {
        return new NameAddr(null, uri, Parameters.EMPTY);
    }

    /**
     * The address as a SIP or SIPS URI, for the layers that route on it.
     *
     * @throws IllegalStateException when the address is a tel or other URI (check {@link #isSip()})
     */
    public SipUri uri() {
        if (address instanceof SipUri s) {
            return s;
        }
        throw new IllegalStateException("not a SIP URI: " + address);
    }

    /** True when the address is a SIP or SIPS URI. */
    public boolean isSip() {
        return address instanceof SipUri;
    }

    /** {@code text} as a quoted-string, escaping {@code "} and {@code \\}; CR and LF are refused. */
    public static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new IllegalArgumentException("line break in display name");
            }
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    /** The display name without quotes and escapes ({@code "J Rosenberg \\\""} is {@code J Rosenberg \"}), or {@code null}. */
    public String displayText() {
        if (displayName == null || !displayName.startsWith("\"")) {
            return displayName;
        }
        StringBuilder sb = new StringBuilder(displayName.length());
        for (int i = 1; i < displayName.length() - 1; i++) {
            char c = displayName.charAt(i);
            if (c == '\\' && i + 1 < displayName.length() - 1) {
                c = displayName.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** §25.1: {@code display-name = *(token LWS) / quoted-string}; unquoted non-ASCII is tolerated. */
    static boolean validDisplayName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        if (s.charAt(0) == '"') {
            return Lexer.quotedStringEnd(s, 0) == s.length();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // tolerated deviation: unquoted UTF-8 letters, which common UAs send
            if (!Lexer.isTokenChar(c) && !Lexer.isWhitespace(c) && c < 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses one name-addr or addr-spec with parameters. In the addr-spec form, parameters after
     * the URI belong to the header, not the URI, and a URI with {@code ?} must be in {@code <>} (§20.10).
     * No whitespace is allowed inside {@code <>} ({@code LAQUOT addr-spec RAQUOT}, RFC 4475 §3.1.2.14).
     *
     * @throws SipParseException (400, naming {@code header}) when malformed, whatever the URI scheme
     */
    public static NameAddr parse(String value, String header) {
        String v = value.strip();
        try {
            if (v.startsWith("\"") && Lexer.quotedStringEnd(v, 0) < 0) {
                throw SipParseException.badHeader(header, "unterminated quoted display name");
            }
            int lt = Lexer.indexOutsideQuotes(v, '<', 0);
            if (lt >= 0) {
                int gt = v.indexOf('>', lt);
                if (gt < 0) {
                    throw SipParseException.badHeader(header, "missing '>'");
                }
                String name = v.substring(0, lt).strip();
                if (!name.isEmpty() && !validDisplayName(name)) {
                    throw SipParseException.badHeader(header, name.startsWith("\"")
                            ? "junk after quoted display name" : "invalid display name");
                }
                String spec = v.substring(lt + 1, gt);
                if (spec.isEmpty() || Lexer.isWhitespace(spec.charAt(0)) || Lexer.isWhitespace(spec.charAt(spec.length() - 1))) {
                    throw SipParseException.badHeader(header, "whitespace inside '<>'");
                }
                Uri uri = Uri.parse(spec);
                String rest = v.substring(gt + 1).strip();
                if (!rest.isEmpty() && rest.charAt(0) != ';') {
                    throw SipParseException.badHeader(header, "junk after '>'");
                }
                Parameters params = Parameters.parse(rest, header);
                return new NameAddr(name.isEmpty() ? null : name, uri, params);
            }
            if (v.indexOf('>') >= 0 || v.startsWith("\"")) {
                throw SipParseException.badHeader(header, "missing '<'");
            }
            int semi = v.indexOf(';');
            String uriPart = (semi < 0 ? v : v.substring(0, semi)).strip();
            for (int i = 0; i < uriPart.length(); i++) {
                if (Lexer.isWhitespace(uriPart.charAt(i))) {
                    throw SipParseException.badHeader(header, "whitespace in addr-spec");
                }
            }
            if (uriPart.indexOf('?') >= 0) {
                throw SipParseException.badHeader(header, "addr-spec with '?' not enclosed in '<>'");
            }
            Uri uri = Uri.parse(uriPart);
            Parameters params = semi < 0 ? Parameters.EMPTY : Parameters.parse(v.substring(semi), header);
            return new NameAddr(null, uri, params);
        } catch (SipParseException e) {
            // every URI fault here is the header's (400): 416 is only for a Request-URI (§8.2.2.1)
            if (e.header() == null || e.status() != 400) {
                throw new SipParseException(e.offset(), header, 400, e.getMessage());
            }
            throw e;
        }
    }

    /** The {@code tag} parameter (§19.3), or {@code null}. */
    public String tag() {
        return params.value("tag");
    }

    /** A copy with {@code ;tag=tag}. */
    public NameAddr withTag(String tag) {
        return new NameAddr(displayName, address, params.with("tag", tag));
    }

    public NameAddr withUri(Uri newUri) {
        return new NameAddr(displayName, newUri, params);
    }

    public NameAddr withParam(String name, String value) {
        return new NameAddr(displayName, address, params.with(name, value));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64);
        if (displayName != null) {
            sb.append(displayName).append(' ');
        }
        sb.append('<');
        address.appendTo(sb);
        sb.append('>');
        params.appendTo(sb);
        return sb.toString();
    }
}
