package io.dialtone.sdp;

/** Writes a {@link SessionDescription} in RFC 8866 §5 order with CRLF line endings. */
final class SdpWriter {
    private SdpWriter() {}

    static String write(SessionDescription sd) {
        StringBuilder sb = new StringBuilder(256 + sd.media().size() * 256);
        line(sb, 'v', Integer.toString(sd.version()));
        line(sb, 'o', sd.origin().value());
        line(sb, 's', sd.sessionName());
        for (SdpLine l : sd.otherLines()) if (l.sessionRank() < 7) line(sb, l);          // i u e p
        sd.connection().ifPresent(c -> line(sb, 'c', c.value()));
        for (SdpLine l : sd.otherLines()) if (l.sessionRank() >= 7 && l.sessionRank() < 10) line(sb, l); // extra c, b
        line(sb, 't', sd.timing().value());
        for (SdpLine l : sd.otherLines()) if (l.sessionRank() >= 10) line(sb, l);        // t r z k, unknown
        for (Attribute a : sd.attributes()) line(sb, 'a', a.text());
        for (MediaDescription m : sd.media()) {
            line(sb, 'm', m.mLineValue());
            for (SdpLine l : m.otherLines()) if (l.mediaRank() < 2) line(sb, l);           // i
            m.connection().ifPresent(c -> line(sb, 'c', c.value()));
            for (SdpLine l : m.otherLines()) if (l.mediaRank() >= 2) line(sb, l);          // extra c, b, k, unknown
            for (Attribute a : m.attributes()) line(sb, 'a', a.text());
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, SdpLine l) { line(sb, l.type(), l.value()); }

    private static void line(StringBuilder sb, char type, String value) {
        sb.append(type).append('=').append(value).append("\r\n");
    }
}
