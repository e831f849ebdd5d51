package io.dialtone.sdp;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One-pass SDP parser over the UTF-8 bytes (RFC 8866 §5, §9), without regular expressions; see
 * {@link SessionDescription#parse(String)} for what it tolerates and rejects.
 *
 * <p>Lines and fields are index ranges into the body: no line or field list is built, a string is
 * made only for a value the model keeps (common tokens are shared constants, see {@link SdpTokens}),
 * and the text of a line only when it is rejected. One instance per parse; not thread-safe.
 */
final class SdpParser {
    /** Most fields a fixed-shape line has (o= has 6); further fields are only counted. */
    private static final int MAX_FIELDS = 8;

    private final byte[] sdp;
    private final SessionDescription.Builder session = SessionDescription.builder();
    private MediaDescription.Builder media;
    private boolean seenVersion;
    private boolean seenOrigin;
    private boolean seenTiming;
    /** The current line: number (1-based), first byte, end (exclusive, before CR LF). */
    private int lineNo;
    private int lineStart;
    private int lineEnd;
    /** Field ranges of the current line, from {@link #split(int)}: start at [2i], end at [2i+1]. */
    private final int[] fields = new int[2 * MAX_FIELDS];

    private SdpParser(byte[] sdp) {
        this.sdp = sdp;
    }

    static SessionDescription parse(String text) {
        Objects.requireNonNull(text, "sdpText");
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    static SessionDescription parse(byte[] body) {
        Objects.requireNonNull(body, "sdp");
        return new SdpParser(body).parse();
    }

    private SessionDescription parse() {
        int pos = 0;
        int len = sdp.length;
        while (pos < len) {
            int nl = indexOf((byte) '\n', pos, len);
            int end = nl < 0 ? len : nl;
            int next = nl < 0 ? len : nl + 1;
            if (end > pos && sdp[end - 1] == '\r') end--;
            lineNo++;
            lineStart = pos;
            lineEnd = end;
            pos = next;
            if (end == lineStart) continue;                                // tolerated: blank line
            byte type = sdp[lineStart];
            if (type < 0) throw nonAsciiType();
            if (end - lineStart < 2 || sdp[lineStart + 1] != '=') throw fail("expected <type>=<value>");
            try {
                parseLine((char) type);
            } catch (IllegalArgumentException e) {                        // a record rejected a field
                throw fail(e.getMessage());
            }
        }
        if (!seenVersion) throw new SdpParseException(0, "", "missing v= (empty SDP)");
        if (!seenOrigin) throw new SdpParseException(0, "", "missing o=");
        if (media != null) session.media(media.build());
        return session.build();
    }

    /** A line starting with a non-ASCII character: the same faults, judged on its decoded text. */
    private SdpParseException nonAsciiType() {
        String line = lineText();
        if (line.length() < 2 || line.charAt(1) != '=') return fail("expected <type>=<value>");
        return fail(seenVersion ? "line type is not a letter" : "missing v= (first line must be v=0)");
    }

    private void parseLine(char type) {
        int value = lineStart + 2;
        if (!seenVersion) {
            if (type != 'v') throw fail("missing v= (first line must be v=0)");
            if (lineEnd - value != 1 || sdp[value] != '0') throw fail("unsupported SDP version");
            seenVersion = true;
            return;
        }
        if (!((type >= 'a' && type <= 'z') || (type >= 'A' && type <= 'Z'))) throw fail("line type is not a letter");
        if (type == 'm') {
            if (media != null) session.media(media.build());
            media = parseMediaLine();
            return;
        }
        if (media != null) {
            switch (type) {
                case 'a' -> media.attribute(parseAttribute());
                case 'c' -> {
                    Connection c = parseConnection();
                    if (media.hasConnection()) media.otherLine(new SdpLine('c', valueText())); else media.connection(c);
                }
                case 'v', 'o', 's', 't' -> throw fail("session-level line inside a media description");
                default -> media.otherLine(new SdpLine(type, valueText()));
            }
            return;
        }
        switch (type) {
            case 'v' -> throw fail("duplicate v=");
            case 'o' -> {
                if (seenOrigin) throw fail("duplicate o=");
                session.origin(parseOrigin());
                seenOrigin = true;
            }
            case 's' -> session.sessionName(checkedLine(SdpTokens.text(sdp, value, lineEnd), "sessionName"));
            case 'c' -> {
                Connection c = parseConnection();
                if (session.hasConnection()) session.otherLine(new SdpLine('c', valueText())); else session.connection(c);
            }
            case 't' -> {
                Timing t = parseTiming();
                if (seenTiming) session.otherLine(new SdpLine('t', valueText())); else session.timing(t);
                seenTiming = true;
            }
            case 'a' -> session.attribute(parseAttribute());
            default -> session.otherLine(new SdpLine(type, valueText()));
        }
    }

    private SdpParseException fail(String reason) {
        return new SdpParseException(lineNo, lineText(), reason);
    }

    private String lineText() { return new String(sdp, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8); }

    private String valueText() { return new String(sdp, lineStart + 2, lineEnd - lineStart - 2, StandardCharsets.UTF_8); }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) if (sdp[i] == b) return i;
        return -1;
    }

    /**
     * Splits the current line from byte {@code from} to its end on runs of spaces (tolerated: more
     * than one space between fields) into {@link #fields}.
     * @return the number of fields (all of them, also those beyond {@link #MAX_FIELDS})
     */
    private int split(int from) {
        int n = 0;
        int i = from;
        while (i < lineEnd) {
            while (i < lineEnd && sdp[i] == ' ') i++;
            int start = i;
            while (i < lineEnd && sdp[i] != ' ') i++;
            if (i > start) {
                if (n < MAX_FIELDS) {
                    fields[2 * n] = start;
                    fields[2 * n + 1] = i;
                }
                n++;
            }
        }
        return n;
    }

    /** A field that is usually a common token ({@code IN}, {@code IP4}, {@code audio}, {@code RTP/AVP}): shared if it is one. */
    private String token(int i) { return SdpTokens.text(sdp, fields[2 * i], fields[2 * i + 1]); }

    /** A field that is rarely a common token (username, sess-id, address): decoded. */
    private String field(int i) { return new String(sdp, fields[2 * i], fields[2 * i + 1] - fields[2 * i], StandardCharsets.UTF_8); }

    private Origin parseOrigin() {
        int n = split(lineStart + 2);
        if (n != 6) throw fail("o= needs 6 fields, found " + n);
        long version = SdpNumbers.parseLong(sdp, fields[4], fields[5]);
        if (version < 0) throw fail("non-numeric sess-version");
        return new Origin(field(0), field(1), version, token(3), token(4), field(5));
    }

    private Connection parseConnection() {
        int n = split(lineStart + 2);
        if (n != 3) throw fail("c= needs 3 fields, found " + n);
        return new Connection(token(0), token(1), field(2));
    }

    private Timing parseTiming() {
        int n = split(lineStart + 2);
        if (n != 2) throw fail("t= needs 2 fields, found " + n);
        long start = SdpNumbers.parseLong(sdp, fields[0], fields[1]);
        long stop = SdpNumbers.parseLong(sdp, fields[2], fields[3]);
        if (start < 0 || stop < 0) throw fail("non-numeric time");
        return start == 0 && stop == 0 ? Timing.UNBOUNDED : new Timing(start, stop);   // SIP's t=0 0
    }

    private Attribute parseAttribute() {
        int value = lineStart + 2;
        int colon = indexOf((byte) ':', value, lineEnd);
        int nameEnd = colon < 0 ? lineEnd : colon;
        if (nameEnd == value) throw fail("empty attribute name");
        return new Attribute(SdpTokens.text(sdp, value, nameEnd),
                colon < 0 ? null : new String(sdp, colon + 1, lineEnd - colon - 1, StandardCharsets.UTF_8));
    }

    /** {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...}; formats are read past the first three fields. */
    private MediaDescription.Builder parseMediaLine() {
        int n = split(lineStart + 2);
        if (n < 3) throw fail("m= needs <media> <port> <proto> <fmt>...");
        int portStart = fields[2];
        int portEnd = fields[3];
        int slash = indexOf((byte) '/', portStart, portEnd);
        int port = SdpNumbers.parseInt(sdp, portStart, slash < 0 ? portEnd : slash);
        if (port < 0) throw fail("non-numeric port");
        if (port > 65535) throw fail("port out of range");
        int count = -1;
        if (slash >= 0) {
            count = SdpNumbers.parseInt(sdp, slash + 1, portEnd);
            if (count <= 0) throw fail("bad number of ports");
        }
        String mediaType = token(0);
        String proto = token(2);
        boolean rtp = MediaDescription.isRtp(proto);
        if (!rtp) checkTokens(mediaType, proto);              // in the order the record checks: payload types, media, proto, formats
        MediaDescription.Builder b = MediaDescription.builder(mediaType, port, proto);
        if (count > 0) b.portCount(count);
        int i = fields[5];                                                 // formats follow the proto field
        while (i < lineEnd) {
            while (i < lineEnd && sdp[i] == ' ') i++;
            int start = i;
            while (i < lineEnd && sdp[i] != ' ') i++;
            if (i == start) continue;
            if (rtp) {
                int pt = SdpNumbers.parseInt(sdp, start, i);
                if (pt < 0 || pt > 127) {
                    throw fail("RTP payload type not in 0..127: " + new String(sdp, start, i - start, StandardCharsets.UTF_8));
                }
            }
            b.format(rtp ? SdpTokens.text(sdp, start, i) : checkedToken(SdpTokens.text(sdp, start, i), "format"));
        }
        if (rtp) checkTokens(mediaType, proto);               // RTP formats are digits: valid tokens
        return b;
    }

    private static void checkTokens(String mediaType, String proto) {
        SdpText.requireToken(mediaType, "media");
        SdpText.requireToken(proto, "proto");
    }

    /*
     * The value records check their fields when built, and s= and m= are built after their line
     * (at the next m= or the end): check here, so that a NUL or a bare CR in them is a fault of
     * their own line and never an IllegalArgumentException out of parse().
     */

    private static String checkedLine(String s, String what) {
        SdpText.requireLine(s, what);
        return s;
    }

    private static String checkedToken(String s, String what) {
        SdpText.requireToken(s, what);
        return s;
    }
}
