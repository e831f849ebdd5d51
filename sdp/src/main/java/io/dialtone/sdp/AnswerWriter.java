package io.dialtone.sdp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes an answer (RFC 3264 §6) straight to its wire bytes, exactly as {@link SdpWriter} writes
 * the equivalent {@link SessionDescription} (RFC 8866 §5 order, CRLF), without building that value.
 *
 * <p>The session part of an answer is fixed text for a given local identity except the {@code o=}
 * sess-id and sess-version: it comes from a {@link Template} made once per (username, address,
 * session name, ptime) and reused by every call that answers with the same config. One writer per
 * answer; not thread-safe. The template cache is a single shared slot holding an immutable value
 * (a race only makes a redundant template).
 */
final class AnswerWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] M_LINE = ascii("m=");
    private static final byte[] RTPMAP = ascii("a=rtpmap:");
    private static final byte[] FMTP = ascii("a=fmtp:");
    private static final byte[] RTCP_MUX = ascii("a=rtcp-mux\r\n");
    private static final byte[][] DIRECTION = new byte[MediaDirection.values().length][];

    static {
        for (MediaDirection d : MediaDirection.values()) DIRECTION[d.ordinal()] = ascii("a=" + d.attributeName() + "\r\n");
    }

    /** The last template made; configs rarely change, so one slot serves a user agent. */
    private static Template cached;

    private final Template template;
    private byte[] buf = new byte[320];
    private int len;

    /** Starts an answer with its session part: {@code v= o= s= c= t=} for {@code local}. */
    AnswerWriter(AnswerParams local) {
        template = Template.of(local);
        write(template.head);
        number(local.sessionId());
        write((byte) ' ');
        number(local.sessionVersion());
        write(template.tail);
    }

    /** A refused stream (§6): {@code m=<media> 0 <proto> <fmt>...}, no other line. */
    void refused(MediaDescription offered) {
        write(M_LINE);
        text(offered.media());
        write((byte) ' ');
        write((byte) '0');
        write((byte) ' ');
        text(offered.proto());
        List<String> formats = offered.formats();
        for (int i = 0; i < formats.size(); i++) {
            write((byte) ' ');
            text(formats.get(i));
        }
        write(CRLF);
    }

    /** {@code m=audio <port> <proto> <pt>...}: the accepted stream's m= line, before its rtpmaps. */
    void acceptedMLine(int port, String proto, int[] payloadTypes, boolean[] included) {
        write(M_LINE);
        text("audio");
        write((byte) ' ');
        number(port);
        write((byte) ' ');
        text(proto);
        for (int i = 0; i < payloadTypes.length; i++) {
            if (!included[i]) continue;
            write((byte) ' ');
            number(payloadTypes[i]);
        }
        write(CRLF);
    }

    /** {@code a=rtpmap:<pt> <name>/<rate>[/<channels>]} as {@link RtpMap#value()} writes it. */
    void rtpmap(RtpMap map) {
        write(RTPMAP);
        number(map.payloadType());
        write((byte) ' ');
        text(map.encodingName());
        write((byte) '/');
        number(map.clockRateHz());
        if (map.channels() != 1) {
            write((byte) '/');
            number(map.channels());
        }
        write(CRLF);
    }

    /** {@code a=fmtp:<pt> <params>}. */
    void fmtp(int payloadType, String params) {
        write(FMTP);
        number(payloadType);
        write((byte) ' ');
        text(params);
        write(CRLF);
    }

    /** The accepted stream's last lines: {@code a=ptime}, {@code a=rtcp-mux} if agreed, the direction. */
    void acceptedTail(boolean rtcpMux, MediaDirection direction) {
        write(template.ptime);
        if (rtcpMux) write(RTCP_MUX);
        write(DIRECTION[direction.ordinal()]);
    }

    /** @return the answer written so far, in a new exact-size array */
    byte[] toBytes() { return Arrays.copyOf(buf, len); }

    private void ensure(int more) {
        if (len + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }

    private void write(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void write(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** Writes {@code s} as UTF-8; ASCII (every token in practice) byte by byte. */
    private void text(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {                                   // free text from the offer: encode it whole
                len -= i;
                write(s.getBytes(StandardCharsets.UTF_8));
                return;
            }
            buf[len++] = (byte) c;
        }
    }

    /** Writes the decimal {@code v}, which is non-negative. */
    private void number(long v) {
        int digits = SdpNumbers.digits(v);
        ensure(digits);
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += digits;
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }

    /**
     * The fixed text of an answer's session part for one local identity: {@code head} =
     * {@code v=0 CRLF o=<username> }, then the writer adds {@code <sess-id> <sess-version>}, then
     * {@code tail} = {@code  IN <addrtype> <address> CRLF s=<name> CRLF c=IN <addrtype> <address> CRLF t=0 0 CRLF};
     * {@code ptime} = {@code a=ptime:<ms> CRLF}. Made by the same value records as the general
     * path, so a bad username, address or session name fails with the same exception.
     */
    private static final class Template {
        final String username;
        final String address;
        final String sessionName;
        final int ptimeMs;
        final byte[] head;
        final byte[] tail;
        final byte[] ptime;

        private Template(AnswerParams p) {
            username = p.username();
            address = p.address();
            sessionName = p.sessionName();
            ptimeMs = p.ptimeMs();
            Origin origin = Origin.of(username, 0, 0, address);           // validates as the general path does
            Connection connection = Connection.of(address);
            SdpText.requireLine(sessionName, "sessionName");
            head = ("v=0\r\no=" + origin.username() + ' ').getBytes(StandardCharsets.UTF_8);
            tail = (" " + origin.netType() + ' ' + origin.addrType() + ' ' + origin.address() + "\r\n"
                    + "s=" + sessionName + "\r\n"
                    + "c=" + connection.value() + "\r\n"
                    + "t=" + Timing.UNBOUNDED.value() + "\r\n").getBytes(StandardCharsets.UTF_8);
            ptime = ("a=ptime:" + ptimeMs + "\r\n").getBytes(StandardCharsets.UTF_8);
        }

        static Template of(AnswerParams p) {
            Template t = cached;
            if (t == null || t.ptimeMs != p.ptimeMs() || !t.username.equals(p.username()) || !t.address.equals(p.address())
                    || !t.sessionName.equals(p.sessionName())) {
                t = new Template(p);
                cached = t;
            }
            return t;
        }
    }
}
