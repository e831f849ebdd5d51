package io.dialtone.message;

import io.dialtone.message.internal.UriText;

import java.util.Locale;
import java.util.Objects;

/**
 * A URI of a scheme other than sip, sips and tel (RFC 3261 §25.1 {@code absoluteURI}), such as
 * {@code urn:service:sos}, {@code http://example.com} or {@code mailto:}. Kept as written; a From,
 * To or Contact may carry one (RFC 4475 §3.3.4), a Request-URI with one is answered 416 (§8.2.2.1).
 *
 * @param scheme         the scheme, lower case
 * @param schemeSpecific everything after the first {@code :}, as written, never empty
 */
public record AbsoluteUri(String scheme, String schemeSpecific) implements Uri {

    public AbsoluteUri {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(schemeSpecific, "schemeSpecific");
        if (!UriText.isScheme(scheme) || schemeSpecific.isEmpty()) {
            throw new IllegalArgumentException("not an absolute URI: " + scheme + ":" + schemeSpecific);
        }
    }

    static AbsoluteUri parseOther(String scheme, String s, int from) {
        if (from >= s.length()) {
            throw SipParseException.badHeader(null, "empty " + scheme + " URI");
        }
        if (!UriText.valid(s, from, s.length(), UriText::isUric)) {
            throw SipParseException.badHeader(null, "invalid character or escape in " + scheme + " URI");
        }
        return new AbsoluteUri(scheme.toLowerCase(Locale.ROOT), s.substring(from));
    }

    @Override
    public boolean equivalent(Uri other) {
        return other instanceof AbsoluteUri a && a.scheme.equals(scheme)
                && UriText.normalize(a.schemeSpecific, false).equals(UriText.normalize(schemeSpecific, false));
    }

    @Override
    public void appendTo(StringBuilder sb) {
        sb.append(scheme).append(':').append(schemeSpecific);
    }

    @Override
    public String toString() {
        return scheme + ":" + schemeSpecific;
    }
}
