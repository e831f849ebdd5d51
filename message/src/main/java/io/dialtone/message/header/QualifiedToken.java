package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;

import java.util.Objects;

/**
 * One element of Accept-Encoding (RFC 3261 §20.2) or Accept-Language (§20.3): a coding or
 * language range with an optional {@code q} and other parameters, e.g. {@code en-gb;q=0.8}.
 *
 * @param value  the coding or language range ({@code gzip}, {@code da}, {@code *}) as written
 * @param params parameters in order, including {@code q}; never {@code null}
 */
public record QualifiedToken(String value, Parameters params) {

    public QualifiedToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(params, "params");
    }

    /**
     * Parses {@code token *(;param)}.
     *
     * @throws SipParseException (400, naming {@code header}) for a bad token or q value
     */
    public static QualifiedToken parse(String value, String header) {
        String token = HeaderSyntax.token(HeaderSyntax.head(value, header, "value"), header, "value");
        return new QualifiedToken(token, HeaderSyntax.checkQ(HeaderSyntax.tail(value, header), header));
    }

    public static QualifiedToken parse(String value) {
        return parse(value, null);
    }

    /** The {@code q} preference, 0 to 1; 1 when absent (§20.2). */
    public double q() {
        double q = HeaderSyntax.qParam(params, null);
        return q < 0 ? 1.0 : q;
    }

    @Override
    public String toString() {
        return value + params;
    }
}
