package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static io.dialtone.message.Messages.INVITE;
import static io.dialtone.message.Messages.bytes;
import static io.dialtone.message.Messages.minimal;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §18.3, RFC 5626 §4.4.1: stream framing")
class SipFramerTest {
    static final String OPTIONS = minimal("Content-Length: 0");
    static final String RINGING = SipResponse.to(Messages.request(INVITE), 180).toTag("t1").build().toString();
    static final String PING = "\r\n\r\n";

    /** Feeds {@code in} in pieces cut at {@code cuts} and collects every frame. */
    static List<Object> frames(SipFramer framer, byte[] in, int... cuts) {
        List<Object> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : in.length;
            framer.feed(in, from, to - from);
            from = to;
            for (SipFramer.Frame f; (f = framer.next()) != null; ) {
                out.add(f instanceof SipFramer.Message m ? new String(m.bytes(), java.nio.charset.StandardCharsets.UTF_8) : f);
                if (f instanceof SipFramer.Error) {
                    return out;
                }
            }
        }
        return out;
    }

    static List<Object> frames(String in, int... cuts) {
        return frames(new SipFramer(), bytes(in), cuts);
    }

    static byte[] concat(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : parts) {
            out.writeBytes(bytes(p));
        }
        return out.toByteArray();
    }

    @Nested
    class Splitting {
        @Test
        @DisplayName("each message split at every byte offset yields exactly that message")
        void everySplitOffset() {
            for (String msg : List.of(INVITE, OPTIONS, RINGING)) {
                for (int cut = 0; cut <= bytes(msg).length; cut++) {
                    assertThat(frames(msg, cut)).as("cut at %d", cut).containsExactly(msg);
                }
            }
        }

        @Test
        @DisplayName("byte-by-byte feeding of pipelined messages and keep-alives")
        void byteByByte() {
            byte[] in = concat(INVITE, PING, OPTIONS, "\r\n", RINGING, PING);
            int[] cuts = new int[in.length - 1];
            for (int i = 0; i < cuts.length; i++) {
                cuts[i] = i + 1;
            }
            assertThat(frames(new SipFramer(), in, cuts))
                    .containsExactly(INVITE, new SipFramer.KeepAlive(), OPTIONS, RINGING, new SipFramer.KeepAlive());
        }

        @Test
        @DisplayName("pipelined stream split at every pair of offsets")
        void pipelinedAtEveryOffset() {
            byte[] in = concat(OPTIONS, PING, RINGING);
            for (int cut = 0; cut <= in.length; cut++) {
                assertThat(frames(new SipFramer(), in, cut)).as("cut at %d", cut)
                        .containsExactly(OPTIONS, new SipFramer.KeepAlive(), RINGING);
            }
        }

        @Test
        void framesParse() {
            SipFramer framer = new SipFramer();
            byte[] in = bytes(INVITE);
            framer.feed(in, 0, in.length);
            SipFramer.Message m = (SipFramer.Message) framer.next();
            assertThat(SipParser.parse(m.bytes()).callId()).isEqualTo(Messages.request(INVITE).callId());
            assertThat(framer.next()).isNull();
            assertThat(framer.buffered()).isZero();
        }
    }

    @Nested
    @DisplayName("RFC 5626 §4.4.1 keep-alives")
    class KeepAlives {
        @Test
        void doubleCrlfIsAPing() {
            assertThat(frames(PING + PING)).containsExactly(new SipFramer.KeepAlive(), new SipFramer.KeepAlive());
        }

        @Test
        void singleCrlfBeforeAMessageIsSkipped() {
            assertThat(frames("\r\n" + OPTIONS)).containsExactly(OPTIONS);
            assertThat(frames("\r\n" + OPTIONS, 1)).containsExactly(OPTIONS);
            assertThat(frames("\r\n" + OPTIONS, 2)).containsExactly(OPTIONS);
            assertThat(frames("\r\n" + OPTIONS, 3)).containsExactly(OPTIONS);
        }

        @Test
        void partialPingWaits() {
            SipFramer framer = new SipFramer();
            framer.feed(bytes("\r\n\r"), 0, 3);
            assertThat(framer.next()).isNull();
            framer.feed(bytes("\n"), 0, 1);
            assertThat(framer.next()).isEqualTo(new SipFramer.KeepAlive());
        }
    }

    @Nested
    @DisplayName("errors")
    class Errors {
        static SipParseException error(List<Object> frames) {
            assertThat(frames).last().isInstanceOf(SipFramer.Error.class);
            return ((SipFramer.Error) frames.get(frames.size() - 1)).error();
        }

        @Test
        @DisplayName("§18.3: a message without Content-Length on a stream is 400")
        void missingContentLength() {
            SipParseException e = error(frames(minimal("")));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header()).isEqualTo("Content-Length");
        }

        @Test
        void invalidAndConflictingContentLength() {
            assertThat(error(frames(minimal("Content-Length: x"))).status()).isEqualTo(400);
            assertThat(error(frames(minimal("Content-Length: 1\r\nl: 2"))).getMessage()).contains("conflicting");
        }

        @Test
        @DisplayName("a huge Content-Length is 413 before any body byte, without allocating it")
        void hugeContentLength() {
            SipFramer framer = new SipFramer();
            List<Object> out = frames(framer, bytes(minimal("Content-Length: 4000000000")));
            assertThat(error(out).status()).isEqualTo(413);
            assertThat(framer.buffered()).isLessThan(1024);
        }

        @Test
        @DisplayName("§21.5.14: header section plus Content-Length over maxMessageBytes is 513")
        void messageTooLarge() {
            SipParserLimits limits = new SipParserLimits(1024, 256, 8192).withMaxContentLength(100_000);
            assertThat(error(frames(new SipFramer(limits), bytes(minimal("Content-Length: 60000")))).status()).isEqualTo(513);
            String big = minimal("X-Big: " + "x".repeat(900) + "\r\nX-Big2: " + "y".repeat(900)) + "Content-Length: 0\r\n\r\n";
            assertThat(error(frames(new SipFramer(limits), bytes(big))).status()).isEqualTo(513);
        }

        @Test
        void endlessHeaderSectionIsBounded() {
            SipFramer framer = new SipFramer(new SipParserLimits(4096, 256, 1024));
            byte[] line = bytes("X-Pad: " + "p".repeat(100) + "\r\n");
            framer.feed(bytes("OPTIONS sip:a@b SIP/2.0\r\n"), 0, 25);
            SipFramer.Frame f = null;
            for (int i = 0; i < 100 && f == null; i++) {
                framer.feed(line, 0, line.length);
                f = framer.next();
            }
            assertThat(f).isInstanceOfSatisfying(SipFramer.Error.class, e -> assertThat(e.error().status()).isEqualTo(513));
        }

        @Test
        void overlongLineIs400BeforeItEnds() {
            SipFramer framer = new SipFramer(new SipParserLimits(65535, 256, 128));
            byte[] in = bytes("OPTIONS sip:a@b SIP/2.0\r\nSubject: " + "s".repeat(200));
            framer.feed(in, 0, in.length);
            assertThat(framer.next()).isInstanceOfSatisfying(SipFramer.Error.class,
                    e -> assertThat(e.error().getMessage()).contains("line longer"));
        }

        @Test
        void errorIsSticky() {
            SipFramer framer = new SipFramer();
            byte[] bad = bytes(minimal(""));
            framer.feed(bad, 0, bad.length);
            SipFramer.Frame first = framer.next();
            byte[] ok = bytes(OPTIONS);
            framer.feed(ok, 0, ok.length);
            assertThat(framer.next()).isSameAs(first);
        }
    }
}
