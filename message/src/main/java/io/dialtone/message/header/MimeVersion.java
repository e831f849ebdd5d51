package io.dialtone.message.header;

import io.dialtone.message.SipParseException;

/**
 * The MIME-Version header (RFC 3261 §20.24): {@code 1.0}.
 *
 * @param major major version, 0 or more
 * @param minor minor version, 0 or more
 */
public record MimeVersion(int major, int minor) {

    private static final String HEADER = "MIME-Version";

    public MimeVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("negative MIME version");
        }
    }

    /**
     * Parses {@code 1*DIGIT "." 1*DIGIT}.
     *
     * @throws SipParseException (400, MIME-Version) when malformed
     */
    public static MimeVersion parse(String value) {
        String v = value.strip();
        int dot = v.indexOf('.');
        if (dot < 0) {
            throw HeaderSyntax.fail(HEADER, "invalid version '" + v + "'");
        }
        return new MimeVersion(part(v.substring(0, dot).strip()), part(v.substring(dot + 1).strip()));
    }

    private static int part(String s) {
        if (s.isEmpty() || s.length() > 9) {
            throw HeaderSyntax.fail(HEADER, "invalid version number '" + s + "'");
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw HeaderSyntax.fail(HEADER, "invalid version number '" + s + "'");
            }
        }
        return Integer.parseInt(s);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
