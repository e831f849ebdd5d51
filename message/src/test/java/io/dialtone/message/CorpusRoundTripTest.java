package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3: {@code parse(serialize(m))} equals {@code m} for every message of the test corpora that
 * parses (RFC 4475 valid and invalid, RFC 5118, the fuzz regression corpus), and unknown headers
 * and their parameters come back byte for byte.
 */
@DisplayName("RFC 3261 §7: parse(serialize(m)) == m over the corpora")
class CorpusRoundTripTest {

    static Stream<String> corpus() throws IOException, URISyntaxException {
        List<String> names = new ArrayList<>();
        for (String dir : List.of("rfc4475/valid", "rfc4475/invalid", "rfc5118",
                "io/dialtone/message/fuzz/MessageFuzzTestInputs/parser")) {
            Path root = Path.of(CorpusRoundTripTest.class.getResource("/" + dir).toURI());
            try (Stream<Path> files = Files.list(root)) {
                files.filter(Files::isRegularFile).sorted().forEach(f -> names.add(dir + "/" + f.getFileName()));
            }
        }
        assertThat(names).hasSizeGreaterThan(60);
        return names.stream();
    }

    static byte[] load(String name) {
        try (InputStream in = CorpusRoundTripTest.class.getResourceAsStream("/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void serializedMessageParsesToTheSameMessage(String name) {
        SipMessage m;
        try {
            m = SipParser.parse(load(name));
        } catch (SipParseException rejected) {
            return; // the invalid ones: their rejection is asserted in Rfc4475Test / Rfc5118Test
        }
        SipMessage again = SipParser.parse(m.toBytes());
        assertThat(again.startLine()).isEqualTo(m.startLine());
        assertThat(again.headers()).isEqualTo(m.headers());
        assertThat(again.body()).isEqualTo(m.body());
        assertThat(again.toBytes()).isEqualTo(m.toBytes());
        for (HeaderField h : m.headers()) { // every field, known or not, keeps its name and value as written
            assertThat(again.headerValues(h.name())).contains(h.value());
        }
    }
}
