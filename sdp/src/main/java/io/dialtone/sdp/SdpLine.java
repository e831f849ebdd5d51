package io.dialtone.sdp;

/**
 * An SDP line the model does not interpret (RFC 8866 §5: {@code i= u= e= p= b= r= z= k=}, further
 * {@code t=} lines, extra {@code c=} lines, and unknown types, which §5 says to ignore). Kept so that
 * it survives a round trip; the serializer writes it at its RFC position.
 *
 * @param type the one-letter type, a US-ASCII letter
 * @param value the text after '='
 */
public record SdpLine(char type, String value) {

    public SdpLine {
        if (!((type >= 'a' && type <= 'z') || (type >= 'A' && type <= 'Z'))) throw new IllegalArgumentException("bad type: " + type);
        SdpText.requireLine(value, "value");
    }

    /** @return {@code <type>=<value>} without line ending */
    public String text() { return type + "=" + value; }

    /** Rank at session level: RFC 8866 §5 order v o s i u e p c b t r z k a; unknown types go before a=. */
    int sessionRank() {
        return switch (type) {
            case 'i' -> 3; case 'u' -> 4; case 'e' -> 5; case 'p' -> 6;
            case 'c' -> 7; case 'b' -> 8;
            case 't', 'r' -> 10; case 'z' -> 11; default -> 12; // k and unknown
        };
    }

    /** Rank at media level: m i c b k a; unknown types go before a=. */
    int mediaRank() {
        return switch (type) {
            case 'i' -> 1; case 'c' -> 2; case 'b' -> 3; default -> 4;
        };
    }
}
