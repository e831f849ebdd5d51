package io.dialtone.message.header;

import io.dialtone.message.SipParseException;

import java.util.Objects;

/**
 * One element of the Warning header (RFC 3261 §20.43):
 * {@code 307 isi.edu "Session parameter 'foo' not understood"}.
 *
 * @param code  the three-digit warn-code (300–399 registered by §27.2)
 * @param agent the warn-agent: host[:port] or a pseudonym token
 * @param text  the warn-text without quotes and escapes
 */
public record Warning(int code, String agent, String text) {

    private static final String HEADER = "Warning";

    public Warning {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(text, "text");
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("warn-code must have three digits: " + code);
        }
        if (agent.isEmpty() || agent.chars().anyMatch(c -> c <= ' ' || c == '"' || c == ',')) {
            throw new IllegalArgumentException("invalid warn-agent: " + agent);
        }
    }

    /**
     * Parses {@code warn-code SP warn-agent SP warn-text}.
     *
     * @throws SipParseException (400, Warning) when a part is missing or the text is not a quoted-string
     */
    public static Warning parse(String value) {
        String v = value.strip();
        if (v.length() < 4 || !Character.isDigit(v.charAt(0)) || !Character.isDigit(v.charAt(1))
                || !Character.isDigit(v.charAt(2)) || !HeaderSyntax.isLws(v.charAt(3)) || v.charAt(0) == '0') {
            throw HeaderSyntax.fail(HEADER, "invalid warn-code");
        }
        int code = Integer.parseInt(v.substring(0, 3));
        int a = HeaderSyntax.skipLws(v, 3);
        int ae = a;
        while (ae < v.length() && !HeaderSyntax.isLws(v.charAt(ae)) && v.charAt(ae) != '"') {
            ae++;
        }
        if (ae == a) {
            throw HeaderSyntax.fail(HEADER, "missing warn-agent");
        }
        String agent = v.substring(a, ae);
        int t = HeaderSyntax.skipLws(v, ae);
        if (t >= v.length() || v.charAt(t) != '"') {
            throw HeaderSyntax.fail(HEADER, "warn-text must be a quoted-string");
        }
        int te = HeaderSyntax.quotedEnd(v, t, HEADER);
        if (te != v.length()) {
            throw HeaderSyntax.fail(HEADER, "junk after warn-text");
        }
        try {
            return new Warning(code, agent, HeaderSyntax.unquote(v.substring(t)));
        } catch (IllegalArgumentException e) {
            throw HeaderSyntax.fail(HEADER, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return code + " " + agent + " " + HeaderSyntax.quote(text);
    }
}
