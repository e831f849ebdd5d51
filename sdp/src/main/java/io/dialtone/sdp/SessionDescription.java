package io.dialtone.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A session description (RFC 8866 §5, formerly RFC 4566): session-level lines and the media
 * descriptions. An immutable value, safe to share across threads; build it with {@link #builder()},
 * change it with {@link #toBuilder()} or a with-er, read it with {@link #parse(String)} and write it
 * with {@link #serialize()}.
 *
 * <p>Lines the model does not interpret ({@code i= u= e= p= b= r= z= k=} and unknown types) are kept
 * in {@link #otherLines()} and unknown attributes in {@link #attributes()}, so they survive a round trip.
 *
 * @param version the {@code v=} value; always 0 (RFC 8866 §5.1)
 * @param origin {@code o=}
 * @param sessionName {@code s=}; "-" when there is none (RFC 3264 §5)
 * @param connection session-level {@code c=}; empty when every media description has its own
 * @param timing the first {@code t=}; SIP uses {@code t=0 0}
 * @param attributes session-level {@code a=} lines, in order
 * @param media the {@code m=} sections, in order (their index is the RFC 3264 stream identity)
 * @param otherLines other session-level lines, in RFC order (stable within a type)
 */
public record SessionDescription(int version, Origin origin, String sessionName, Optional<Connection> connection,
                                 Timing timing, List<Attribute> attributes, List<MediaDescription> media,
                                 List<SdpLine> otherLines) {

    public SessionDescription {
        if (version != 0) throw new IllegalArgumentException("SDP version must be 0: " + version);
        Objects.requireNonNull(origin, "origin");
        SdpText.requireLine(sessionName, "sessionName");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(timing, "timing");
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
        if (otherLines.isEmpty()) {
            otherLines = List.of();
        } else {
            List<SdpLine> sorted = new ArrayList<>(otherLines);
            sorted.sort(Comparator.comparingInt(SdpLine::sessionRank)); // stable
            otherLines = List.copyOf(sorted);
        }
    }

    /**
     * Parses SDP text (RFC 8866 §5, §9). Accepts CRLF or bare LF line endings.
     *
     * <p>Tolerated deviations (each seen from deployed peers): blank lines are skipped; a missing
     * {@code s=} reads as "-" and a missing {@code t=} as {@code 0 0}; lines out of RFC order are
     * accepted; unknown line types and attributes are kept; an {@code m=} line without formats is
     * accepted. Rejected: a first line other than {@code v=0}, a missing or malformed {@code o=},
     * malformed {@code c=}, {@code t=} or {@code m=} lines (non-numeric port, port above 65535,
     * RTP payload type outside 0..127), a line not of the form {@code <letter>=<value>}, a CR or
     * NUL inside a line (named on that line, also in {@code s=} and {@code m=} fields).
     *
     * <p>The text is parsed as its UTF-8 encoding, in one pass, as {@link #parse(byte[])} parses a body.
     *
     * @param sdpText the body of an SDP message; not null
     * @return the parsed value
     * @throws SdpParseException with the 1-based line number and the reason
     */
    public static SessionDescription parse(String sdpText) throws SdpParseException {
        return SdpParser.parse(sdpText);
    }

    /**
     * Parses an SDP body as received in a SIP message (UTF-8, RFC 8866 §5), in one pass over the
     * bytes: a string is made only for a field the value keeps, and common tokens ({@code IN},
     * {@code IP4}, {@code RTP/AVP}, payload types, attribute names) are shared constants.
     * @see #parse(String)
     */
    public static SessionDescription parse(byte[] body) throws SdpParseException {
        return SdpParser.parse(body);
    }

    /** @return a builder with {@code v=0}, {@code s=-}, {@code t=0 0}; origin must be set */
    public static Builder builder() { return new Builder(); }

    /** @return a builder holding this description's values */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.origin = origin;
        b.sessionName = sessionName;
        b.connection = connection;
        b.timing = timing;
        b.attributes.addAll(attributes);
        b.media.addAll(media);
        b.otherLines.addAll(otherLines);
        return b;
    }

    /**
     * @return a copy whose {@code o=} sess-version is {@code sessVersion}; a re-offer or changed answer
     *         must carry a higher version than the previous description (RFC 3264 §8)
     */
    public SessionDescription withVersion(long sessVersion) {
        return withOrigin(origin.withSessVersion(sessVersion));
    }

    /** @return a copy with another origin */
    public SessionDescription withOrigin(Origin o) {
        return new SessionDescription(version, o, sessionName, connection, timing, attributes, media, otherLines);
    }

    /** @return a copy with another session-level connection ({@code null} removes it) */
    public SessionDescription withConnection(Connection c) {
        return new SessionDescription(version, origin, sessionName, Optional.ofNullable(c), timing, attributes, media, otherLines);
    }

    /** @return a copy with these media descriptions */
    public SessionDescription withMedia(List<MediaDescription> m) {
        return new SessionDescription(version, origin, sessionName, connection, timing, attributes, m, otherLines);
    }

    /** @return a copy whose media description at {@code index} is replaced */
    public SessionDescription withMedia(int index, MediaDescription m) {
        List<MediaDescription> copy = new ArrayList<>(media);
        copy.set(index, m);
        return withMedia(copy);
    }

    /** @return the session-level direction attribute (RFC 8866 §6.7), or empty */
    public Optional<MediaDirection> declaredDirection() {
        for (Attribute a : attributes) {
            if (a.value() == null) {
                Optional<MediaDirection> d = MediaDirection.fromAttribute(a.name());
                if (d.isPresent()) return d;
            }
        }
        return Optional.empty();
    }

    /** @return the value of the first session-level attribute with this name ("" for a property), or empty */
    public Optional<String> attribute(String name) {
        for (Attribute a : attributes) if (a.name().equals(name)) return Optional.of(a.value() == null ? "" : a.value());
        return Optional.empty();
    }

    /**
     * Writes the description in RFC 8866 §5 order ({@code v o s i u e p c b t r z k a}, then each
     * {@code m i c b k a}), every line ending in CRLF.
     */
    public String serialize() { return SdpWriter.write(this); }

    /** @return {@link #serialize()} */
    @Override
    public String toString() { return serialize(); }

    /** @return {@link #serialize()} encoded as UTF-8 (US-ASCII for everything but free text), for a SIP body */
    public byte[] toBytes() { return serialize().getBytes(StandardCharsets.UTF_8); }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private Origin origin;
        private String sessionName = "-";
        private Optional<Connection> connection = Optional.empty();
        private Timing timing = Timing.UNBOUNDED;
        private final List<Attribute> attributes = new ArrayList<>();
        private final List<MediaDescription> media = new ArrayList<>();
        private final List<SdpLine> otherLines = new ArrayList<>();

        private Builder() {}

        public Builder origin(Origin o) { this.origin = Objects.requireNonNull(o); return this; }
        public Builder sessionName(String s) { this.sessionName = Objects.requireNonNull(s); return this; }
        public Builder connection(Connection c) { this.connection = Optional.ofNullable(c); return this; }
        public Builder timing(Timing t) { this.timing = Objects.requireNonNull(t); return this; }
        public Builder attribute(Attribute a) { attributes.add(Objects.requireNonNull(a)); return this; }
        public Builder attribute(String name, String value) { return attribute(new Attribute(name, value)); }
        public Builder media(MediaDescription m) { media.add(Objects.requireNonNull(m)); return this; }
        public Builder clearMedia() { media.clear(); return this; }
        public Builder otherLine(SdpLine l) { otherLines.add(Objects.requireNonNull(l)); return this; }
        boolean hasConnection() { return connection.isPresent(); }

        /** @throws NullPointerException if no origin was set */
        public SessionDescription build() {
            return new SessionDescription(0, Objects.requireNonNull(origin, "origin"), sessionName, connection, timing,
                    attributes, media, otherLines);
        }
    }
}
