package io.dialtone.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The byte parser ({@link SdpParser}) against the string parser it replaced
 * ({@link ReferenceSdpParser}): equal values for every offer, the same fault (line number, line,
 * reason) for every malformed one (RFC 8866 §5, §9), over a corpus and seeded mutations of it.
 * One deliberate difference: a NUL or bare CR inside {@code s=} or an {@code m=} field, which the
 * string parser let escape as an IllegalArgumentException, is a fault of that line.
 */
@DisplayName("RFC 8866 §5 parser: bytes against the string parser")
class SdpParserDifferentialTest {

    /** The outcome of one parse: the value, or the fault. */
    record Outcome(SessionDescription value, Class<?> fault, int lineNumber, String line, String reason) {
        static Outcome of(Supplier<SessionDescription> parse) {
            try {
                return new Outcome(parse.get(), null, 0, null, null);
            } catch (SdpParseException e) {
                return new Outcome(null, SdpParseException.class, e.lineNumber(), e.line(), e.reason());
            } catch (RuntimeException e) {
                return new Outcome(null, e.getClass(), 0, null, e.getMessage());
            }
        }
    }

    static void assertSameOutcome(byte[] body) {
        Outcome expected = Outcome.of(() -> ReferenceSdpParser.parse(new String(body, StandardCharsets.UTF_8)));
        Outcome actual = Outcome.of(() -> SessionDescription.parse(body));
        String text = new String(body, StandardCharsets.UTF_8);
        if (isEarlyLineFault(actual) && (expected.fault() == IllegalArgumentException.class
                || expected.fault() == SdpParseException.class
                        && (expected.lineNumber() > actual.lineNumber() || expected.lineNumber() == 0))) {
            return;   // the string parser found it only when building, after later lines and the end checks, or let it escape
        }
        assertThat(actual).as(text).isEqualTo(expected);
        assertThat(Outcome.of(() -> SessionDescription.parse(text))).as(text).isEqualTo(expected);
    }

    /** The deliberate difference: a NUL or CR in s= or an m= field is reported on its own line. */
    private static boolean isEarlyLineFault(Outcome o) {
        return o.fault() == SdpParseException.class && o.reason().endsWith("contains CR, LF or NUL")
                && (o.line().startsWith("s=") || o.line().startsWith("m="));
    }

    static List<String> offersAndMalformed() {
        List<String> all = new ArrayList<>(SdpCorpus.offers());
        all.addAll(SdpCorpus.malformed());
        return all;
    }

    @ParameterizedTest
    @MethodSource("offersAndMalformed")
    void sameValueOrSameFault(String text) {
        assertSameOutcome(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyOfferParses() {
        for (String o : SdpCorpus.offers()) assertThat(Outcome.of(() -> SessionDescription.parse(o)).value()).as(o).isNotNull();
    }

    @Test
    void everyMalformedLineIsAFaultOfItsOwn() {
        for (String m : SdpCorpus.malformed()) {
            assertThat(Outcome.of(() -> SessionDescription.parse(m.getBytes(StandardCharsets.UTF_8))).fault()).as(m)
                    .isEqualTo(SdpParseException.class);
        }
    }

    @Test
    void nulInSessionNameOrMediaFieldIsALineFault() {
        Outcome s = Outcome.of(() -> SessionDescription.parse("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=a\0b\r\n"));
        assertThat(s.lineNumber()).isEqualTo(3);
        assertThat(s.reason()).isEqualTo("sessionName contains CR, LF or NUL");
        Outcome m = Outcome.of(() -> SessionDescription.parse(SdpCorpus.HEAD + "m=image 0 udptl t3\08\r\nm=audio 0 RTP/AVP 0\r\n"));
        assertThat(m.lineNumber()).isEqualTo(6);
        assertThat(m.reason()).isEqualTo("format contains CR, LF or NUL");
    }

    @Test
    void invalidUtf8DecodesAsTheWholeBodyWould() {
        byte[] body = "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=X\r\n".getBytes(StandardCharsets.US_ASCII);
        body[body.length - 3] = (byte) 0xC3;                                // a lead byte without its continuation
        SessionDescription sd = SessionDescription.parse(body);
        assertThat(sd.sessionName()).isEqualTo("\uFFFD");
        assertSameOutcome(body);
    }

    @Test
    void commonTokensAreSharedAndEqual() {
        SessionDescription a = SessionDescription.parse(SdpCorpus.offers().get(0));
        SessionDescription b = SessionDescription.parse(SdpCorpus.offers().get(0));
        assertThat(a).isEqualTo(b);
        assertThat(a.origin().netType()).isSameAs(b.origin().netType()).isEqualTo("IN");
        assertThat(a.media().get(0).proto()).isSameAs(b.media().get(0).proto()).isEqualTo("RTP/AVP");
        assertThat(a.media().get(0).formats().get(0)).isSameAs(b.media().get(0).formats().get(0)).isEqualTo("0");
        assertThat(SessionDescription.parse(SdpCorpus.HEAD + "m=audio 4000 RTP/AVP 08\r\n").media().get(0).formats())
                .containsExactly("08");                                    // not canonicalised: kept as sent
    }

    @Test
    void seededMutationsGiveTheSameOutcome() {
        Random r = new Random(4566);
        List<String> seeds = offersAndMalformed();
        for (int i = 0; i < 20_000; i++) {
            byte[] seed = seeds.get(r.nextInt(seeds.size())).getBytes(StandardCharsets.UTF_8);
            assertSameOutcome(SdpCorpus.mutate(seed, r));
        }
    }
}
