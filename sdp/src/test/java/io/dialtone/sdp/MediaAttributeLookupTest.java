package io.dialtone.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link MediaDescription#rtpmap(int)} and {@link MediaDescription#fmtp(int)} (RFC 8866 §6.6,
 * §6.15) find {@code "<pt> "} without building that string; they must match exactly what the
 * string prefix match found, for every payload type and odd value.
 */
class MediaAttributeLookupTest {
    static final List<String> RTPMAPS = List.of("0 PCMU/8000", "00 PCMA/8000", "8 PCMA/8000", "08 G722/8000", "10 L16/44100/2",
            "101 telephone-event/8000", "1011 x/8000", "127  opus/48000/2", "96", "96 ", "96 opus", "-1 PCMU/8000", "x PCMU/8000",
            " 0 PCMU/8000", "12 QCELP/8000", "1 2/3");
    static final List<String> FMTPS = List.of("101 0-16", "101  0-15 ", "1010 x", "10 y", "0 ", "-1 neg", "x 1", "96 a=b;c=d", "101");

    @Test
    void rtpmapAndFmtpMatchThePrefixLookup() {
        MediaDescription.Builder b = MediaDescription.builder("audio", 4000, "RTP/AVP");
        for (String v : RTPMAPS) b.attribute("rtpmap", v);
        for (String v : FMTPS) b.attribute("fmtp", v);
        b.property("rtpmap").property("fmtp");
        MediaDescription m = b.build();
        for (int pt = -12; pt <= 1100; pt++) {
            assertThat(m.rtpmap(pt)).as("rtpmap %d", pt).isEqualTo(prefixRtpmap(m, pt));
            assertThat(m.fmtp(pt)).as("fmtp %d", pt).isEqualTo(prefixFmtp(m, pt));
        }
        assertThat(m.fmtp(-1)).hasValue("neg");
        assertThat(m.fmtp(101)).hasValue("0-16");
        assertThat(m.rtpmap(127)).hasValue(new RtpMap(127, "opus", 48000, 2));
    }

    /** The lookup as it was: {@code value.startsWith(pt + " ")}, then parse, else the static table. */
    static Optional<RtpMap> prefixRtpmap(MediaDescription m, int pt) {
        for (Attribute a : m.attributes()) {
            if (a.name().equals("rtpmap") && a.value() != null && a.value().startsWith(pt + " ")) {
                Optional<RtpMap> r = RtpMap.parse(a.value());
                if (r.isPresent()) return r;
            }
        }
        return RtpMap.ofStatic(pt);
    }

    static Optional<String> prefixFmtp(MediaDescription m, int pt) {
        String prefix = pt + " ";
        for (Attribute a : m.attributes()) {
            if (a.name().equals("fmtp") && a.value() != null && a.value().startsWith(prefix)) {
                return Optional.of(a.value().substring(prefix.length()).trim());
            }
        }
        return Optional.empty();
    }

    @Test
    void rtpmapParseMatchesTheSubstringParse() {
        List<String> values = List.of("0 PCMU/8000", "111 opus/48000/2", "96 \tAMR-WB /16000", "96  /8000", "96 a b/8000", "96 x/0",
                "96 x/8000/0", "128 x/8000", "96 x", "96x/8000", " 96 x/8000", "96 PCMU/8000/1", "96 telephone-event/8000",
                "96 CN/8000", "96 G7221/16000", "9 G722/8000", "96 opus/48000/2/3", "96 é/8000", "0 pcmu/8000");
        for (String v : values) {
            assertThat(RtpMap.parse(v)).as(v).isEqualTo(substringParse(v));
        }
        assertThat(RtpMap.parse("96 PCMU/8000").orElseThrow().encodingName()).isSameAs(RtpMap.parse("97 PCMU/8000").orElseThrow().encodingName());
    }

    /** RtpMap.parse as it was, with substring and trim. */
    static Optional<RtpMap> substringParse(String value) {
        int sp = value.indexOf(' ');
        if (sp <= 0) return Optional.empty();
        int pt = SdpNumbers.parseInt(value, 0, sp);
        int nameEnd = value.indexOf('/', sp + 1);
        if (pt < 0 || pt > 127 || nameEnd <= sp + 1) return Optional.empty();
        int rateEnd = value.indexOf('/', nameEnd + 1);
        int end = rateEnd < 0 ? value.length() : rateEnd;
        int rate = SdpNumbers.parseInt(value, nameEnd + 1, end);
        int channels = rateEnd < 0 ? 1 : SdpNumbers.parseInt(value, rateEnd + 1, value.length());
        if (rate <= 0 || channels <= 0) return Optional.empty();
        String name = value.substring(sp + 1, nameEnd).trim();
        if (name.isEmpty() || name.indexOf(' ') >= 0) return Optional.empty();
        return Optional.of(new RtpMap(pt, name, rate, channels));
    }
}
