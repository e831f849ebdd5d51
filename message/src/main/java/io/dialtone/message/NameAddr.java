package io.dialtone.message;

import io.dialtone.message.internal.Lexer;

import java.util.Objects;

/**
 * A {@code name-addr} or {@code addr-spec} with header parameters, the value of From, To, Contact,
 * Route and Record-Route (RFC 3261 §20.10, §20.20, §20.39, §25.1). Always serialized in the
 * bracketed name-addr form, which is valid wherever either form is.
 *
 * @param displayName the display name as written (quoted or a token run), or {@code null}
 * @param uri         the URI
 * @param params      header parameters after the URI ({@code ;tag=}, {@code ;expires=}), never {@code null}
 */
public record NameAddr(String displayName, SipUri uri, Parameters params) {

    public NameAddr {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(params, "params");
        if (displayName != null && !validDisplayName(displayName)) {
            throw new IllegalArgumentException("display name is neither a quoted string nor tokens: " + displayName);
        }
    }

    /** {@code "name" <uri>} with {@code name} quoted and escaped as needed (§25.1 quoted-string). */
    public static NameAddr of(String displayName, SipUri uri) {
        return new NameAddr(displayName == null ? null : quote(displayName), uri, Parameters.EMPTY);
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

    /** The display name without quotes and escapes, or {@code null}. */
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
            return quotedEnd(s, 0) == s.length();
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

    /** Index just past the quoted-string that starts at {@code s[from]}, or -1 when unterminated. */
    private static int quotedEnd(String s, int from) {
        for (int i = from + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i + 1;
            } else if (c < 0x20 && c != '\t' || c == 0x7F) {
                return -1;
            }
        }
        return -1;
    }

    /** {@code <uri>} with no display name and no parameters. */
    public static NameAddr of(SipUri uri) {
        return new NameAddr(null, uri, Parameters.EMPTY);
    }

    /**
     * Parses one name-addr or addr-spec with parameters. In the addr-spec form, parameters after
     * the URI belong to the header, not the URI (§20.10).
     *
     * @throws SipParseException (400, naming {@code header}) when malformed; 416 for a non-SIP URI
     */
    public static NameAddr parse(String value, String header) {
        String v = value.strip();
        if (v.startsWith("\"") && quotedEnd(v, 0) < 0) {
            throw SipParseException.badHeader(header, "unterminated quoted display name");
        }
        int lt = Lexer.indexOutsideQuotes(v, '<', 0);
        try {
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
                SipUri uri = SipUri.parse(v.substring(lt + 1, gt).strip());
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
            String uriPart = semi < 0 ? v : v.substring(0, semi);
            if (uriPart.indexOf(' ') >= 0 || uriPart.indexOf('\t') >= 0) {
                throw SipParseException.badHeader(header, "whitespace in addr-spec");
            }
            SipUri uri = SipUri.parse(uriPart);
            Parameters params = semi < 0 ? Parameters.EMPTY : Parameters.parse(v.substring(semi), header);
            return new NameAddr(null, uri, params);
        } catch (SipParseException e) {
            if (e.header() == null) {
                throw new SipParseException(e.offset(), header, e.status(), e.getMessage());
            }
            throw e;
        }
    }

    /** The {@code tag} parameter (§19.3), or {@code null}. */
    public String tag() {
        return params.get("tag").orElse(null);
    }

    /** A copy with {@code ;tag=tag}. */
    public NameAddr withTag(String tag) {
        return new NameAddr(displayName, uri, params.with("tag", tag));
    }

    public NameAddr withUri(SipUri newUri) {
        return new NameAddr(displayName, newUri, params);
    }

    public NameAddr withParam(String name, String value) {
        return new NameAddr(displayName, uri, params.with(name, value));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64);
        if (displayName != null) {
            sb.append(displayName).append(' ');
        }
        sb.append('<');
        uri.appendTo(sb);
        sb.append('>');
        params.appendTo(sb);
        return sb.toString();
    }
}
