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
        int lt = Lexer.indexOutsideQuotes(v, '<', 0);
        try {
            if (lt >= 0) {
                int gt = v.indexOf('>', lt);
                if (gt < 0) {
                    throw SipParseException.badHeader(header, "missing '>'");
                }
                String name = v.substring(0, lt).strip();
                if (name.startsWith("\"") && (name.length() < 2 || !name.endsWith("\""))) {
                    throw SipParseException.badHeader(header, "unterminated quoted display name");
                }
                SipUri uri = SipUri.parse(v.substring(lt + 1, gt).strip());
                Parameters params = Parameters.parse(v.substring(gt + 1), header);
                return new NameAddr(name.isEmpty() ? null : name, uri, params);
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
