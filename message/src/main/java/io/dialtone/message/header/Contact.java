package io.dialtone.message.header;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipParseException;

/**
 * One Contact value (RFC 3261 §20.10): an address with {@code expires} and {@code q}
 * parameters, or the wildcard {@code *} that a REGISTER uses to remove all bindings (§10.2.2).
 *
 * @param address the contact address, or {@code null} for {@code *}
 */
public record Contact(NameAddr address) {

    private static final String HEADER = "Contact";

    /** The wildcard {@code Contact: *}. */
    public static final Contact WILDCARD = new Contact(null);

    /**
     * Parses {@code *} or a name-addr / addr-spec with parameters.
     *
     * @throws SipParseException (400, Contact) when malformed or {@code expires}/{@code q} are invalid
     */
    public static Contact parse(String value) {
        if (value.strip().equals("*")) {
            return WILDCARD;
        }
        NameAddr a = NameAddr.parse(value, HEADER);
        HeaderSyntax.deltaParam(a.params(), "expires", HEADER);
        HeaderSyntax.qParam(a.params(), HEADER);
        return new Contact(a);
    }

    public boolean isWildcard() {
        return address == null;
    }

    /** The {@code expires} parameter in seconds (§10.2.1.1), or -1 when absent or a wildcard. */
    public long expiresSeconds() {
        return address == null ? -1 : HeaderSyntax.deltaParam(address.params(), "expires", HEADER);
    }

    /** The {@code q} preference (§20.10), 0 to 1, or -1 when absent or a wildcard. */
    public double q() {
        return address == null ? -1 : HeaderSyntax.qParam(address.params(), HEADER);
    }

    @Override
    public String toString() {
        return address == null ? "*" : address.toString();
    }
}
