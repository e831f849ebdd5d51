package io.dialtone.message;

import io.dialtone.message.internal.UriText;

import java.util.Locale;

/**
 * A URI as SIP carries it (RFC 3261 §19.1, §25.1 {@code SIP-URI / SIPS-URI / absoluteURI}):
 * a {@link SipUri}, a {@link TelUri} (RFC 3966) or any other scheme kept as an {@link AbsoluteUri}.
 * Immutable values; {@link #toString()} is the URI as written.
 */
public sealed interface Uri permits SipUri, TelUri, AbsoluteUri {

    /** The scheme in lower case ({@code sip}, {@code sips}, {@code tel}, {@code urn}, ...). */
    String scheme();

    /** Appends the URI as written to {@code sb}. */
    void appendTo(StringBuilder sb);

    /**
     * URI equivalence as the scheme defines it: RFC 3261 §19.1.4 for SIP and SIPS, RFC 3966 §4 for
     * tel, and for other schemes case-insensitive scheme with the rest compared after decoding
     * unreserved escapes. URIs of different schemes are never equivalent.
     */
    boolean equivalent(Uri other);

    /**
     * Parses any URI: SIP/SIPS and tel by their grammars, any other well-formed scheme as an
     * {@link AbsoluteUri}.
     *
     * @throws SipParseException (400) when malformed
     */
    static Uri parse(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0 || !UriText.isScheme(s.substring(0, colon))) {
            throw SipParseException.badHeader(null, "URI without a valid scheme");
        }
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "sip", "sips" -> SipUri.parseSip(scheme, s, colon + 1);
            case "tel" -> TelUri.parseTel(s, colon + 1);
            default -> AbsoluteUri.parseOther(scheme, s, colon + 1);
        };
    }
}
