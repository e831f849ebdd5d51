package io.dialtone.session;

import java.nio.charset.StandardCharsets;

/**
 * The {@code message/sipfrag} bodies of REFER's NOTIFYs (RFC 3515 §2.4.5, RFC 3420): a SIP
 * status line, {@code SIP/2.0 200 OK}, optionally followed by headers we ignore.
 */
final class SipFrag {
    /** Content-Type of the NOTIFYs (RFC 3515 §2.4.5). */
    static final String CONTENT_TYPE = "message/sipfrag;version=2.0";

    private SipFrag() {}

    /** {@code SIP/2.0 <status> <reason>} with CRLF. */
    static byte[] statusLine(int status, String reason) {
        return ("SIP/2.0 " + status + " " + reason + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The status code of the body's first line.
     *
     * @return 100–699, or -1 when the body does not start with a SIP/2.0 status line
     */
    static int status(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int eol = text.indexOf('\n');
        String line = (eol < 0 ? text : text.substring(0, eol)).strip();
        if (!line.startsWith("SIP/2.0 ") || line.length() < 11) {
            return -1;
        }
        String code = line.substring(8, 11);
        if (!code.chars().allMatch(Character::isDigit) || (line.length() > 11 && line.charAt(11) != ' ')) {
            return -1;
        }
        int status = Integer.parseInt(code);
        return status >= 100 && status <= 699 ? status : -1;
    }

    /** The reason phrase of the first line ("" when none or malformed). */
    static String reason(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int eol = text.indexOf('\n');
        String line = (eol < 0 ? text : text.substring(0, eol)).strip();
        return line.length() > 12 ? line.substring(12) : "";
    }
}
