package io.dialtone.sdp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A media description: an {@code m=} line and the lines after it up to the next {@code m=}
 * (RFC 8866 §5.14): {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...}.
 *
 * <p>Formats are kept as text, in order, because non-RTP protocols use non-numeric formats
 * ({@code m=image 0 udptl t38}); for RTP protocols the parser guarantees they are payload types
 * 0..127, read through {@link #payloadTypes()}. Attributes keep their order; unknown ones survive a
 * round trip. Immutable; change it with the with-ers or {@link #toBuilder()}.
 *
 * @param media "audio", "video", "application", ...
 * @param port transport port, 0..65535; 0 means the stream is rejected or disabled (RFC 3264 §5.1, §6)
 * @param portCount the "/<number of ports>" suffix, empty when absent
 * @param proto "RTP/AVP", "RTP/SAVP", "UDP/TLS/RTP/SAVPF", "udptl", ...
 * @param formats the {@code <fmt>} list in the offerer's preference order
 * @param connection media-level {@code c=}, overriding the session-level one; empty when absent
 * @param attributes media-level {@code a=} lines in order
 * @param otherLines other media-level lines ({@code i= b= k=}, extra {@code c=}, unknown), in RFC order
 */
public record MediaDescription(String media, int port, OptionalInt portCount, String proto, List<String> formats,
                               Optional<Connection> connection, List<Attribute> attributes, List<SdpLine> otherLines) {

    public MediaDescription {
        SdpText.requireToken(media, "media");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        Objects.requireNonNull(portCount, "portCount");
        if (portCount.isPresent() && portCount.getAsInt() <= 0) throw new IllegalArgumentException("portCount must be positive");
        SdpText.requireToken(proto, "proto");
        formats = List.copyOf(formats);
        for (String f : formats) SdpText.requireToken(f, "format");
        Objects.requireNonNull(connection, "connection");
        attributes = List.copyOf(attributes);
        if (otherLines.isEmpty()) {
            otherLines = List.of();
        } else {
            List<SdpLine> sorted = new ArrayList<>(otherLines);
            sorted.sort(Comparator.comparingInt(SdpLine::mediaRank)); // stable: keeps order within a type
            otherLines = List.copyOf(sorted);
        }
    }

    /** @return a builder for {@code m=<media> <port> <proto>} with no formats or attributes */
    public static Builder builder(String media, int port, String proto) {
        return new Builder(media, port, proto);
    }

    /** @return a builder holding this description's values */
    public Builder toBuilder() {
        Builder b = new Builder(media, port, proto);
        b.portCount = portCount;
        b.formats.addAll(formats);
        b.connection = connection;
        b.attributes.addAll(attributes);
        b.otherLines.addAll(otherLines);
        return b;
    }

    /** @return true if the proto is an RTP profile (RFC 3551, 3711, 4585, 5124), whose formats are payload types */
    public boolean isRtp() { return isRtp(proto); }

    static boolean isRtp(String proto) { return proto.startsWith("RTP/") || proto.contains("/RTP/"); }

    /**
     * @return the formats as RTP payload types, in order
     * @throws IllegalStateException if a format is not a number (a non-RTP proto)
     */
    public List<Integer> payloadTypes() {
        int[] pts = payloadTypeArray();
        List<Integer> out = new ArrayList<>(pts.length);
        for (int pt : pts) out.add(pt);
        return out;
    }

    /** @return {@link #payloadTypes()} without boxing; @throws IllegalStateException as it does */
    int[] payloadTypeArray() {
        int[] pts = new int[formats.size()];
        for (int i = 0; i < pts.length; i++) {
            String f = formats.get(i);
            int pt = SdpNumbers.parseInt(f);
            if (pt < 0) throw new IllegalStateException("format is not a payload type: " + f);
            pts[i] = pt;
        }
        return pts;
    }

    /** @return the value of the first attribute with this name (empty string for a property attribute), or empty */
    public Optional<String> attribute(String name) {
        for (Attribute a : attributes) if (a.name().equals(name)) return Optional.of(a.value() == null ? "" : a.value());
        return Optional.empty();
    }

    /** @return true if an attribute with this name is present */
    public boolean hasAttribute(String name) {
        for (Attribute a : attributes) if (a.name().equals(name)) return true;
        return false;
    }

    /**
     * The encoding of a payload type: the {@code a=rtpmap} for it (RFC 8866 §6.6), else the static
     * assignment of RFC 3551 §6 (0 = PCMU/8000, 8 = PCMA/8000, ...). A malformed rtpmap is ignored.
     * @return the mapping, or empty for a dynamic payload type without rtpmap
     */
    public Optional<RtpMap> rtpmap(int payloadType) {
        return Optional.ofNullable(rtpmapOrNull(payloadType));
    }

    /** @return {@link #rtpmap(int)}, or {@code null} for none */
    RtpMap rtpmapOrNull(int payloadType) {
        for (int i = 0; i < attributes.size(); i++) {
            Attribute a = attributes.get(i);
            if (a.name().equals("rtpmap") && a.value() != null && startsWithPayloadType(a.value(), payloadType)) {
                RtpMap m = RtpMap.parseOrNull(a.value());
                if (m != null) return m;
            }
        }
        return RtpMap.staticOrNull(payloadType);
    }

    /** @return the length of {@code "<pt> "} */
    private static int prefixLength(int payloadType) {
        return (payloadType < 0 ? Integer.toString(payloadType).length() : SdpNumbers.digits(payloadType)) + 1;
    }

    /** @return true if {@code value} starts with the decimal {@code payloadType} and a space ({@code "<pt> "}) */
    private static boolean startsWithPayloadType(String value, int payloadType) {
        if (payloadType < 0) return value.startsWith(payloadType + " ");   // not a payload type; as asked
        int digits = SdpNumbers.digits(payloadType);
        return value.length() > digits && value.charAt(digits) == ' ' && SdpNumbers.parseInt(value, 0, digits) == payloadType
                && (digits == 1 || value.charAt(0) != '0');
    }

    /**
     * @return the format parameters of {@code a=fmtp:<payloadType> <params>} (RFC 8866 §6.15), e.g. "0-16", or empty
     */
    public Optional<String> fmtp(int payloadType) {
        return Optional.ofNullable(fmtpOrNull(payloadType));
    }

    /** @return {@link #fmtp(int)}, or {@code null} for none */
    String fmtpOrNull(int payloadType) {
        for (int i = 0; i < attributes.size(); i++) {
            Attribute a = attributes.get(i);
            if (a.name().equals("fmtp") && a.value() != null && startsWithPayloadType(a.value(), payloadType)) {
                return a.value().substring(prefixLength(payloadType)).trim();
            }
        }
        return null;
    }

    /** @return {@code a=ptime} in milliseconds (RFC 8866 §6.4), or empty if absent or malformed */
    public OptionalInt ptime() {
        Optional<String> v = attribute("ptime");
        if (v.isEmpty()) return OptionalInt.empty();
        String s = v.get().trim();
        int dot = s.indexOf('.');                 // "20.0" is seen in the wild
        int ms = SdpNumbers.parseInt(s, 0, dot < 0 ? s.length() : dot);
        return ms > 0 ? OptionalInt.of(ms) : OptionalInt.empty();
    }

    /** @return the media-level direction attribute (RFC 8866 §6.7), or empty if none */
    public Optional<MediaDirection> declaredDirection() {
        for (Attribute a : attributes) {
            if (a.value() == null) {
                Optional<MediaDirection> d = MediaDirection.fromAttribute(a.name());
                if (d.isPresent()) return d;
            }
        }
        return Optional.empty();
    }

    /**
     * @return the media-level direction, or {@link MediaDirection#SENDRECV} if absent. Ignores the
     *         session level; use {@link #effectiveDirection(SessionDescription)} to inherit it.
     */
    public MediaDirection direction() { return declaredDirection().orElse(MediaDirection.SENDRECV); }

    /**
     * The direction in force (RFC 8866 §6.7): media level, else session level, else sendrecv.
     * @param session the description this media belongs to
     */
    public MediaDirection effectiveDirection(SessionDescription session) {
        return declaredDirection().or(session::declaredDirection).orElse(MediaDirection.SENDRECV);
    }

    /** @return true if {@code a=rtcp-mux} is present (RFC 5761 §5.1.1) */
    public boolean rtcpMux() { return hasAttribute("rtcp-mux"); }

    /** @return the media-level c=, else the session-level one (RFC 8866 §5.7) */
    public Optional<Connection> effectiveConnection(SessionDescription session) {
        return connection.or(session::connection);
    }

    /** @return a copy with another port (0 rejects the stream, RFC 3264 §6) */
    public MediaDescription withPort(int newPort) {
        return new MediaDescription(media, newPort, portCount, proto, formats, connection, attributes, otherLines);
    }

    /** @return a copy with another media-level connection ({@code null} removes it) */
    public MediaDescription withConnection(Connection c) {
        return new MediaDescription(media, port, portCount, proto, formats, Optional.ofNullable(c), attributes, otherLines);
    }

    /** @return a copy with these attributes */
    public MediaDescription withAttributes(List<Attribute> newAttributes) {
        return new MediaDescription(media, port, portCount, proto, formats, connection, newAttributes, otherLines);
    }

    /** @return a copy whose direction attributes are replaced by one for {@code d}, at the position of the first one or at the end */
    public MediaDescription withDirection(MediaDirection d) {
        List<Attribute> out = new ArrayList<>(attributes.size() + 1);
        boolean placed = false;
        for (Attribute a : attributes) {
            if (a.value() == null && MediaDirection.fromAttribute(a.name()).isPresent()) {
                if (!placed) { out.add(Attribute.property(d.attributeName())); placed = true; }
            } else {
                out.add(a);
            }
        }
        if (!placed) out.add(Attribute.property(d.attributeName()));
        return withAttributes(out);
    }

    /** @return the {@code m=} value, without "m=" and line ending */
    public String mLineValue() {
        StringBuilder sb = new StringBuilder(32 + formats.size() * 4);
        sb.append(media).append(' ').append(port);
        portCount.ifPresent(n -> sb.append('/').append(n));
        sb.append(' ').append(proto);
        for (String f : formats) sb.append(' ').append(f);
        return sb.toString();
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final String media;
        private int port;
        private final String proto;
        private OptionalInt portCount = OptionalInt.empty();
        private final List<String> formats = new ArrayList<>();
        private Optional<Connection> connection = Optional.empty();
        private final List<Attribute> attributes = new ArrayList<>();
        private final List<SdpLine> otherLines = new ArrayList<>();

        private Builder(String media, int port, String proto) {
            this.media = media;
            this.port = port;
            this.proto = proto;
        }

        public Builder port(int p) { this.port = p; return this; }
        public Builder portCount(int n) { this.portCount = OptionalInt.of(n); return this; }
        public Builder format(String fmt) { formats.add(fmt); return this; }
        public Builder payloadType(int pt) { formats.add(Integer.toString(pt)); return this; }
        public Builder payloadTypes(int... pts) { for (int pt : pts) payloadType(pt); return this; }
        public Builder connection(Connection c) { this.connection = Optional.ofNullable(c); return this; }
        public Builder attribute(Attribute a) { attributes.add(Objects.requireNonNull(a)); return this; }
        public Builder attribute(String name, String value) { return attribute(new Attribute(name, value)); }
        public Builder property(String name) { return attribute(Attribute.property(name)); }
        public Builder rtpmap(RtpMap m) { return attribute(m.toAttribute()); }
        public Builder fmtp(int pt, String params) { return attribute("fmtp", pt + " " + params); }
        public Builder ptime(int ptimeMs) { return attribute("ptime", Integer.toString(ptimeMs)); }
        public Builder direction(MediaDirection d) { return property(d.attributeName()); }
        public Builder otherLine(SdpLine l) { otherLines.add(Objects.requireNonNull(l)); return this; }
        boolean hasConnection() { return connection.isPresent(); }

        public MediaDescription build() {
            return new MediaDescription(media, port, portCount, proto, formats, connection, attributes, otherLines);
        }
    }
}
