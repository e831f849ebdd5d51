package io.dialtone.message.header;

import io.dialtone.message.Parameters;
import io.dialtone.message.SipParseException;

import java.util.Objects;

/**
 * One element of Security-Client, Security-Server or Security-Verify (RFC 3329 §2.2): a
 * mechanism with its preference and parameters, e.g. {@code tls;q=0.2},
 * {@code digest;d-alg=md5;d-qop=auth;d-ver="0000000000000000000000000000abcd"},
 * {@code ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1111;spi-s=2222;port-c=5062;port-s=5064} (3GPP TS 33.203).
 *
 * @param mechanism the mechanism name as written ({@code digest}, {@code tls}, {@code ipsec-ike},
 *                  {@code ipsec-man}, {@code ipsec-3gpp})
 * @param params    parameters in order ({@code q}, {@code d-alg}, {@code d-qop}, {@code d-ver}, ...), never {@code null}
 */
public record SecurityMechanism(String mechanism, Parameters params) {

    public SecurityMechanism {
        Objects.requireNonNull(params, "params");
        if (!io.dialtone.message.internal.Lexer.isToken(mechanism)) {
            throw new IllegalArgumentException("mechanism is not a token: " + mechanism);
        }
    }

    /**
     * Parses {@code mechanism-name *(;mech-parameters)}.
     *
     * @throws SipParseException (400, naming {@code header}) when malformed or {@code q} is invalid
     */
    public static SecurityMechanism parse(String value, String header) {
        String name = HeaderSyntax.token(HeaderSyntax.head(value, header, "mechanism"), header, "mechanism");
        Parameters p = HeaderSyntax.checkQ(HeaderSyntax.tail(value, header), header);
        String dVer = p.value("d-ver");
        if (dVer != null && !HeaderSyntax.isQuoted(dVer)) {
            throw HeaderSyntax.fail(header, "d-ver must be a quoted-string");
        }
        return new SecurityMechanism(name, p);
    }

    public static SecurityMechanism parse(String value) {
        return parse(value, null);
    }

    /** The {@code q} preference (§2.2), 0 to 1, or -1 when absent. */
    public double q() {
        return HeaderSyntax.qParam(params, null);
    }

    /** The {@code d-alg} digest algorithm, or {@code null}. */
    public String digestAlgorithm() {
        return HeaderSyntax.text(params, "d-alg");
    }

    /** The {@code d-qop} quality of protection, or {@code null}. */
    public String digestQop() {
        return HeaderSyntax.text(params, "d-qop");
    }

    /** The {@code d-ver} verification hash without quotes, or {@code null}. */
    public String digestVerify() {
        return HeaderSyntax.text(params, "d-ver");
    }

    /** The value of parameter {@code name} without quotes, or {@code null}. */
    public String param(String name) {
        return HeaderSyntax.text(params, name);
    }

    @Override
    public String toString() {
        return mechanism + params;
    }
}
