package io.dialtone.message;

import java.io.ByteArrayOutputStream;

/**
 * A response stored as its difference from the request it answers: the header lines it copied from
 * the request (Via, From, To, Call-ID, CSeq, RFC 3261 §8.2.6.2) become references, and everything
 * else (status line, other header lines, body) stays literal. A server transaction that must answer
 * retransmissions of its request for 64·T1 (Timer J, §17.2.2) holds a few dozen bytes instead of the
 * whole response: the 200 to a BYE shrinks from ~280 to ~60 bytes. The retransmission, which is the
 * same request (§17.1.2.2), supplies the referenced lines again.
 *
 * <p>A reference names the header as written (name bytes, any form) and which of the request's fields
 * of that name it was, so the lines may come in another order; a line is referenced only when it is
 * byte for byte a field of the request, name included, so a decoded response is the original byte for
 * byte whenever the retransmission carries the same fields.
 *
 * <p>Format: {@code 'D'}, then operations to the end: {@code 0, n (2 bytes), n bytes} appends
 * literal bytes; {@code 1, k, k name bytes, i} appends the {@code i}-th field (from 0) of the request
 * written with that name, from its name to the end of its value, then CRLF. Anything not starting
 * with {@code 'D'} is a whole response (a status line starts with {@code 'S'}), returned as it is.
 *
 * <p>Thread-safe: static methods over their arguments only.
 */
public final class ResponseDelta {

    private static final byte MAGIC = 'D';
    private static final byte LITERAL = 0;
    private static final byte COPY = 1;
    private static final int MAX_LITERAL = 0xFFFF;

    private ResponseDelta() {
    }

    /**
     * The difference of {@code response} from {@code request}.
     *
     * @param request  the request answered, as received
     * @param response the response's bytes as sent (from {@link SipMessage#toBytes()})
     * @return the delta, never longer than {@code response} plus a few bytes; {@code response} itself
     *         when nothing in it is a field of the request
     */
    public static byte[] encode(SipRequest request, byte[] response) {
        int statusEnd = lineEnd(response, 0);
        if (statusEnd < 0) {
            return response;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.write(MAGIC);
        int literalFrom = 0;
        boolean copied = false;
        int p = statusEnd + 2;
        while (p < response.length) {
            int e = lineEnd(response, p);
            if (e < 0 || e == p) {
                break; // the blank line: the rest is literal
            }
            int h = MessageIndex.findField(request.raw, request.idx, response, p, e); // a field's bytes include its colon
            if (h >= 0) {
                literal(out, response, literalFrom, p);
                int nameLength = request.idx[MessageIndex.I_HEADERS + 4 * h + MessageIndex.H_META] >>> 8;
                int occurrence = MessageIndex.occurrence(request.raw, request.idx, h);
                if (nameLength > 255 || occurrence > 255) {
                    literalFrom = p; // cannot say it in one byte: keep it literal
                } else {
                    out.write(COPY);
                    out.write(nameLength);
                    out.write(response, p, nameLength);
                    out.write(occurrence);
                    literalFrom = e + 2;
                    copied = true;
                }
            }
            p = e + 2;
        }
        if (!copied) {
            return response;
        }
        literal(out, response, literalFrom, response.length);
        return out.toByteArray();
    }

    /**
     * The response again, from its delta and a retransmission of the request.
     *
     * @param delta   what {@link #encode} returned
     * @param request the retransmitted request
     * @return the response's bytes, or null when the request lacks a field the delta refers to
     */
    public static byte[] decode(byte[] delta, SipRequest request) {
        if (delta.length == 0 || delta[0] != MAGIC) {
            return delta;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(delta.length * 5);
        int p = 1;
        while (p < delta.length) {
            if (delta[p] == LITERAL) {
                int n = (delta[p + 1] & 0xFF) << 8 | delta[p + 2] & 0xFF;
                out.write(delta, p + 3, n);
                p += 3 + n;
            } else {
                int k = delta[p + 1] & 0xFF;
                int h = MessageIndex.fieldNamed(request.raw, request.idx, delta, p + 2, k, delta[p + 2 + k] & 0xFF);
                if (h < 0) {
                    return null;
                }
                int at = MessageIndex.I_HEADERS + 4 * h;
                int s = request.idx[at + MessageIndex.H_NAME];
                out.write(request.raw, s, request.idx[at + MessageIndex.H_VALUE_END] - s);
                out.write('\r');
                out.write('\n');
                p += 3 + k;
            }
        }
        return out.toByteArray();
    }

    private static void literal(ByteArrayOutputStream out, byte[] b, int from, int to) {
        while (from < to) {
            int n = Math.min(MAX_LITERAL, to - from);
            out.write(LITERAL);
            out.write(n >>> 8);
            out.write(n);
            out.write(b, from, n);
            from += n;
        }
    }

    /** Index of the CR of the CRLF ending the line at {@code from}, or -1. */
    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
