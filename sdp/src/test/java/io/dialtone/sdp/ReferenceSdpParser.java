package io.dialtone.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The string-based parser {@link SdpParser} replaced (line and field substrings), kept verbatim as
 * the oracle for differential tests: the byte parser must give equal values and equal faults.
 */
final class ReferenceSdpParser {
    private ReferenceSdpParser() {}

    static SessionDescription parse(String text) {
        Objects.requireNonNull(text, "sdpText");
        SessionDescription.Builder session = SessionDescription.builder();
        MediaDescription.Builder media = null;
        boolean[] seen = new boolean[3];
        int lineNo = 0;
        int pos = 0;
        int len = text.length();
        while (pos < len) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? len : nl;
            int next = nl < 0 ? len : nl + 1;
            if (end > pos && text.charAt(end - 1) == '\r') end--;
            lineNo++;
            String line = text.substring(pos, end);
            pos = next;
            if (line.isEmpty()) continue;
            if (line.length() < 2 || line.charAt(1) != '=') throw fail(lineNo, line, "expected <type>=<value>");
            char type = line.charAt(0);
            String value = line.substring(2);
            try {
                media = parseLine(session, media, lineNo, line, type, value, seen);
            } catch (IllegalArgumentException e) {
                throw fail(lineNo, line, e.getMessage());
            }
        }
        if (!seen[0]) throw fail(0, "", "missing v= (empty SDP)");
        if (!seen[1]) throw fail(0, "", "missing o=");
        if (media != null) session.media(media.build());
        return session.build();
    }

    private static MediaDescription.Builder parseLine(SessionDescription.Builder session, MediaDescription.Builder media,
                                                      int lineNo, String line, char type, String value, boolean[] seen) {
        if (!seen[0]) {
            if (type != 'v') throw fail(lineNo, line, "missing v= (first line must be v=0)");
            if (!value.equals("0")) throw fail(lineNo, line, "unsupported SDP version");
            seen[0] = true;
            return media;
        }
        if (!((type >= 'a' && type <= 'z') || (type >= 'A' && type <= 'Z'))) throw fail(lineNo, line, "line type is not a letter");
        if (type == 'm') {
            if (media != null) session.media(media.build());
            return parseMediaLine(lineNo, line, value);
        }
        if (media != null) {
            switch (type) {
                case 'a' -> media.attribute(parseAttribute(lineNo, line, value));
                case 'c' -> {
                    Connection c = parseConnection(lineNo, line, value);
                    if (media.hasConnection()) media.otherLine(new SdpLine('c', value)); else media.connection(c);
                }
                case 'v', 'o', 's', 't' -> throw fail(lineNo, line, "session-level line inside a media description");
                default -> media.otherLine(new SdpLine(type, value));
            }
            return media;
        }
        switch (type) {
            case 'v' -> throw fail(lineNo, line, "duplicate v=");
            case 'o' -> {
                if (seen[1]) throw fail(lineNo, line, "duplicate o=");
                session.origin(parseOrigin(lineNo, line, value));
                seen[1] = true;
            }
            case 's' -> session.sessionName(value);
            case 'c' -> {
                Connection c = parseConnection(lineNo, line, value);
                if (session.hasConnection()) session.otherLine(new SdpLine('c', value)); else session.connection(c);
            }
            case 't' -> {
                Timing t = parseTiming(lineNo, line, value);
                if (seen[2]) session.otherLine(new SdpLine('t', value)); else session.timing(t);
                seen[2] = true;
            }
            case 'a' -> session.attribute(parseAttribute(lineNo, line, value));
            default -> session.otherLine(new SdpLine(type, value));
        }
        return media;
    }

    private static SdpParseException fail(int lineNo, String line, String reason) {
        return new SdpParseException(lineNo, line, reason);
    }

    private static List<String> fields(String value) {
        List<String> out = new ArrayList<>(8);
        int i = 0, n = value.length();
        while (i < n) {
            while (i < n && value.charAt(i) == ' ') i++;
            int start = i;
            while (i < n && value.charAt(i) != ' ') i++;
            if (i > start) out.add(value.substring(start, i));
        }
        return out;
    }

    private static Origin parseOrigin(int lineNo, String line, String value) {
        List<String> f = fields(value);
        if (f.size() != 6) throw fail(lineNo, line, "o= needs 6 fields, found " + f.size());
        long version = SdpNumbers.parseLong(f.get(2));
        if (version < 0) throw fail(lineNo, line, "non-numeric sess-version");
        return new Origin(f.get(0), f.get(1), version, f.get(3), f.get(4), f.get(5));
    }

    private static Connection parseConnection(int lineNo, String line, String value) {
        List<String> f = fields(value);
        if (f.size() != 3) throw fail(lineNo, line, "c= needs 3 fields, found " + f.size());
        return new Connection(f.get(0), f.get(1), f.get(2));
    }

    private static Timing parseTiming(int lineNo, String line, String value) {
        List<String> f = fields(value);
        if (f.size() != 2) throw fail(lineNo, line, "t= needs 2 fields, found " + f.size());
        long start = SdpNumbers.parseLong(f.get(0));
        long stop = SdpNumbers.parseLong(f.get(1));
        if (start < 0 || stop < 0) throw fail(lineNo, line, "non-numeric time");
        return new Timing(start, stop);
    }

    private static Attribute parseAttribute(int lineNo, String line, String value) {
        int colon = value.indexOf(':');
        String name = colon < 0 ? value : value.substring(0, colon);
        if (name.isEmpty()) throw fail(lineNo, line, "empty attribute name");
        return new Attribute(name, colon < 0 ? null : value.substring(colon + 1));
    }

    private static MediaDescription.Builder parseMediaLine(int lineNo, String line, String value) {
        List<String> f = fields(value);
        if (f.size() < 3) throw fail(lineNo, line, "m= needs <media> <port> <proto> <fmt>...");
        String portField = f.get(1);
        int slash = portField.indexOf('/');
        int port = SdpNumbers.parseInt(portField, 0, slash < 0 ? portField.length() : slash);
        if (port < 0) throw fail(lineNo, line, "non-numeric port");
        if (port > 65535) throw fail(lineNo, line, "port out of range");
        OptionalInt count = OptionalInt.empty();
        if (slash >= 0) {
            int n = SdpNumbers.parseInt(portField, slash + 1, portField.length());
            if (n <= 0) throw fail(lineNo, line, "bad number of ports");
            count = OptionalInt.of(n);
        }
        String proto = f.get(2);
        MediaDescription.Builder b = MediaDescription.builder(f.get(0), port, proto);
        if (count.isPresent()) b.portCount(count.getAsInt());
        boolean rtp = MediaDescription.isRtp(proto);
        for (int i = 3; i < f.size(); i++) {
            String fmt = f.get(i);
            if (rtp) {
                int pt = SdpNumbers.parseInt(fmt);
                if (pt < 0 || pt > 127) throw fail(lineNo, line, "RTP payload type not in 0..127: " + fmt);
            }
            b.format(fmt);
        }
        return b;
    }
}
