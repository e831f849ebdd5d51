package io.dialtone.transport.internal;

import io.dialtone.message.HeaderNames;
import io.dialtone.message.SipParseException;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A 400/505/513/416 written from the raw header lines of a request whose copied headers do not
 * parse (see {@link ErrorResponses#answerBytes}). Pure function.
 */
final class RawAnswer {
    private RawAnswer() {}

    static byte[] of(byte[] bytes, int off, int len, SipParseException error) {
        String text = new String(bytes, off, len, StandardCharsets.UTF_8);
        int headerEnd = text.indexOf("\r\n\r\n");
        String head = (headerEnd < 0 ? text : text.substring(0, headerEnd)).replace("\r\n", "\n");
        String[] lines = head.strip().split("\n");
        if (lines.length < 2 || lines[0].startsWith("SIP/") || !lines[0].contains(" SIP/") || lines[0].startsWith("ACK ")) {
            return null;
        }
        int status = switch (error.status()) {
            case 505, 513, 416, 413, 414 -> error.status();
            default -> 400;
        };
        StringBuilder out = new StringBuilder(256).append("SIP/2.0 ").append(status).append(' ')
                .append(error.reasonPhrase().replace('\r', ' ').replace('\n', ' ')).append("\r\n");
        boolean via = false;
        boolean from = false;
        boolean to = false;
        boolean callId = false;
        boolean cseq = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                break; // end of the header section
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t' || !printable(line)) {
                continue;
            }
            String name = HeaderNames.canonical(line.substring(0, colon).strip());
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase(HeaderNames.VIA)) {
                via = append(out, HeaderNames.VIA, value);
            } else if (name.equalsIgnoreCase(HeaderNames.FROM) && !from) {
                from = append(out, HeaderNames.FROM, value);
            } else if (name.equalsIgnoreCase(HeaderNames.TO) && !to) {
                String tagged = value.contains(";tag=") ? value
                        : value + ";tag=" + Long.toHexString(ThreadLocalRandom.current().nextLong()); // §8.2.6.2
                to = append(out, HeaderNames.TO, tagged);
            } else if (name.equalsIgnoreCase(HeaderNames.CALL_ID) && !callId) {
                callId = append(out, HeaderNames.CALL_ID, value);
            } else if (name.equalsIgnoreCase(HeaderNames.CSEQ) && !cseq) {
                if (value.endsWith(" ACK")) {
                    return null; // an ACK is never answered (§17.2.1)
                }
                cseq = append(out, HeaderNames.CSEQ, value);
            }
        }
        if (!(via && from && to && callId && cseq)) {
            return null;
        }
        return out.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean append(StringBuilder out, String name, String value) {
        out.append(name).append(": ").append(value).append("\r\n");
        return true;
    }

    /** No control characters: a value carrying CR, LF or NUL is never echoed. */
    private static boolean printable(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                return false;
            }
        }
        return true;
    }
}
