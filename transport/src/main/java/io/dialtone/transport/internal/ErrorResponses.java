package io.dialtone.transport.internal;

import io.dialtone.message.HeaderNames;
import io.dialtone.message.NameAddr;
import io.dialtone.message.SipParseException;
import io.dialtone.message.SipResponse;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers for requests the parser rejected (RFC 3261 §21.4.1 400 naming the fault, §21.5.6 505,
 * §21.4.11 513): built from the raw Via, From, To, Call-ID and CSeq lines of the bytes, as
 * §8.2.6.2 copies them. Pure function.
 */
public final class ErrorResponses {
    private ErrorResponses() {}

    /**
     * The response for unparsable {@code bytes}, or {@code null} when it cannot be answered: not a
     * request (a response or garbage), an ACK (never answered, §17.2.1), or the copied headers are
     * missing or themselves malformed.
     */
    public static SipResponse forUnparsable(byte[] bytes, int off, int len, SipParseException error) {
        int end = off + len;
        int p = off;
        while (p < end && (bytes[p] == '\r' || bytes[p] == '\n')) {
            p++;
        }
        int le = indexOf(bytes, p, end, (byte) '\n');
        if (le < 0) {
            return null;
        }
        String startLine = new String(bytes, p, trimCr(bytes, p, le) - p, StandardCharsets.ISO_8859_1);
        int sp = startLine.indexOf(' ');
        if (sp <= 0 || startLine.startsWith("SIP/") || !startLine.contains(" SIP/")) {
            return null;
        }
        if (startLine.substring(0, sp).equals("ACK")) {
            return null;
        }
        int status = switch (error.status()) {
            case 505, 513, 416 -> error.status();
            default -> 400;
        };
        SipResponse.Builder b = SipResponse.builder(status, error.reasonPhrase());
        boolean via = false;
        boolean from = false;
        boolean to = false;
        boolean callId = false;
        boolean cseq = false;
        String toValue = null;
        p = le + 1;
        while (p < end) {
            le = indexOf(bytes, p, end, (byte) '\n');
            int lineEnd = le < 0 ? end : le;
            int contentEnd = trimCr(bytes, p, lineEnd);
            if (contentEnd == p) {
                break; // end of headers
            }
            String line = new String(bytes, p, contentEnd - p, StandardCharsets.UTF_8);
            p = lineEnd + 1;
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                continue; // folded lines of copied headers are not supported: the header is dropped
            }
            String name = HeaderNames.canonical(line.substring(0, colon).strip());
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase(HeaderNames.VIA)) {
                b.header(HeaderNames.VIA, value);
                via = true;
            } else if (name.equalsIgnoreCase(HeaderNames.FROM) && !from) {
                b.header(HeaderNames.FROM, value);
                from = true;
            } else if (name.equalsIgnoreCase(HeaderNames.TO) && !to) {
                toValue = value;
                to = true;
            } else if (name.equalsIgnoreCase(HeaderNames.CALL_ID) && !callId) {
                b.header(HeaderNames.CALL_ID, value);
                callId = true;
            } else if (name.equalsIgnoreCase(HeaderNames.CSEQ) && !cseq) {
                if (value.endsWith(" ACK")) {
                    return null;
                }
                b.header(HeaderNames.CSEQ, value);
                cseq = true;
            }
        }
        if (!(via && from && to && callId && cseq)) {
            return null;
        }
        try {
            NameAddr t = NameAddr.parse(toValue, HeaderNames.TO);
            b.to(t.tag() == null ? t.withTag(Long.toHexString(ThreadLocalRandom.current().nextLong())) : t); // §8.2.6.2
            return b.build();
        } catch (RuntimeException e) { // one of the copied headers is the malformed one
            return null;
        }
    }

    /**
     * The wire bytes of the answer for unparsable {@code bytes}, or {@code null} when it cannot be
     * answered. When the malformed header is itself one §8.2.6.2 copies (a CSeq of {@code abc
     * OPTIONS}, say), the response cannot be a well-formed {@link SipResponse}; it is then written
     * with the request's raw Via, From, To, Call-ID and CSeq lines copied byte for byte, so that the
     * client still learns which header was at fault instead of retransmitting into silence.
     */
    public static byte[] answerBytes(byte[] bytes, int off, int len, SipParseException error) {
        SipResponse parsed = forUnparsable(bytes, off, len, error);
        if (parsed != null) {
            return parsed.toBytes();
        }
        return RawAnswer.of(bytes, off, len, error);
    }

    private static int indexOf(byte[] b, int from, int end, byte v) {
        for (int i = from; i < end; i++) {
            if (b[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static int trimCr(byte[] b, int from, int lf) {
        return lf > from && b[lf - 1] == '\r' ? lf - 1 : lf;
    }
}
