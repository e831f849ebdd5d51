package io.dialtone.transport.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §18.3 stream framing")
class SipStreamDecoderTest {
    static final String BODY = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n";
    static final String INVITE = "INVITE sip:bob@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
            + "From: <sip:alice@127.0.0.1>;tag=a\r\n"
            + "To: <sip:bob@127.0.0.1>\r\n"
            + "Call-ID: c1\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: " + BODY.length() + "\r\n"
            + "\r\n" + BODY;
    static final String BYE = "BYE sip:bob@127.0.0.1 SIP/2.0\r\n"
            + "v: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK2\r\n"
            + "f: <sip:alice@127.0.0.1>;tag=a\r\n"
            + "t: <sip:bob@127.0.0.1>;tag=b\r\n"
            + "i: c1\r\n"
            + "CSeq: 2 BYE\r\n"
            + "L : 0\r\n"
            + "\r\n";

    static EmbeddedChannel channel(int maxBytes) {
        return new EmbeddedChannel(new SipStreamDecoder(maxBytes));
    }

    static ByteBuf buf(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    static Object next(EmbeddedChannel ch) {
        return ch.readInbound();
    }

    static Object nextOut(EmbeddedChannel ch) {
        return ch.readOutbound();
    }

    static String text(Object frame) {
        assertThat(frame).isInstanceOf(byte[].class);
        return new String((byte[]) frame, StandardCharsets.UTF_8);
    }

    @Nested
    class Framing {
        @Test
        void messageSplitAtEveryOffsetIsOneFrame() {
            byte[] all = INVITE.getBytes(StandardCharsets.UTF_8);
            for (int split = 0; split <= all.length; split++) {
                EmbeddedChannel ch = channel(65535);
                ch.writeInbound(Unpooled.copiedBuffer(all, 0, split));
                ch.writeInbound(Unpooled.copiedBuffer(all, split, all.length - split));
                assertThat(text(ch.readInbound())).as("split at %d", split).isEqualTo(INVITE);
                assertThat(next(ch)).isNull();
                assertThat(ch.finish()).isFalse();
            }
        }

        @Test
        void messageFedOneByteAtATimeIsOneFrame() {
            EmbeddedChannel ch = channel(65535);
            for (byte b : INVITE.getBytes(StandardCharsets.UTF_8)) {
                ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
            assertThat(text(ch.readInbound())).isEqualTo(INVITE);
            assertThat(ch.finish()).isFalse();
        }

        @Test
        void pipelinedMessagesInOneReadAreSeparateFrames() {
            EmbeddedChannel ch = channel(65535);
            ch.writeInbound(buf(INVITE + BYE + INVITE));
            assertThat(text(ch.readInbound())).isEqualTo(INVITE);
            assertThat(text(ch.readInbound())).isEqualTo(BYE);
            assertThat(text(ch.readInbound())).isEqualTo(INVITE);
            assertThat(ch.finish()).isFalse();
        }

        @Test
        void pipelinedMessagesSplitAtEveryOffset() {
            byte[] all = (BYE + INVITE).getBytes(StandardCharsets.UTF_8);
            for (int split = 0; split <= all.length; split++) {
                EmbeddedChannel ch = channel(65535);
                ch.writeInbound(Unpooled.copiedBuffer(all, 0, split));
                ch.writeInbound(Unpooled.copiedBuffer(all, split, all.length - split));
                assertThat(text(ch.readInbound())).as("split at %d", split).isEqualTo(BYE);
                assertThat(text(ch.readInbound())).as("split at %d", split).isEqualTo(INVITE);
                assertThat(ch.finish()).isFalse();
            }
        }

        @Test
        void compactContentLengthInAnyCase() {
            EmbeddedChannel ch = channel(65535);
            ch.writeInbound(buf(BYE.replace("L : 0", "l: 3") + "abc"));
            assertThat(text(ch.readInbound())).endsWith("\r\n\r\nabc");
            assertThat(ch.finish()).isFalse();
        }
    }

    @Nested
    @DisplayName("RFC 5626 §4.4.1 keep-alive")
    class KeepAlive {
        @Test
        void doubleCrlfPingGetsSingleCrlfPong() {
            EmbeddedChannel ch = channel(65535);
            ch.writeInbound(buf("\r\n\r\n"));
            ByteBuf pong = ch.readOutbound();
            assertThat(pong.toString(StandardCharsets.US_ASCII)).isEqualTo("\r\n");
            pong.release();
            assertThat(next(ch)).isNull();
            assertThat(ch.finish()).isFalse();
        }

        @Test
        void pingSplitAtEveryOffsetGetsOnePong() {
            for (int split = 0; split <= 4; split++) {
                EmbeddedChannel ch = channel(65535);
                ch.writeInbound(buf("\r\n\r\n".substring(0, split)));
                ch.writeInbound(buf("\r\n\r\n".substring(split) + BYE));
                ByteBuf pong = ch.readOutbound();
                assertThat(pong).as("split at %d", split).isNotNull();
                pong.release();
                assertThat(nextOut(ch)).isNull();
                assertThat(text(ch.readInbound())).isEqualTo(BYE);
                assertThat(ch.finish()).isFalse();
            }
        }

        @Test
        void pingBetweenMessagesIsAnsweredAndSkipped() {
            EmbeddedChannel ch = channel(65535);
            ch.writeInbound(buf(BYE + "\r\n\r\n" + BYE));
            assertThat(text(ch.readInbound())).isEqualTo(BYE);
            assertThat(text(ch.readInbound())).isEqualTo(BYE);
            ByteBuf pong = ch.readOutbound();
            assertThat(pong.readableBytes()).isEqualTo(2);
            pong.release();
            assertThat(ch.finish()).isFalse();
        }

        @Test
        void singleCrlfPongIsSkippedWithoutAnswer() {
            EmbeddedChannel ch = channel(65535);
            ch.writeInbound(buf("\r\n" + BYE));
            assertThat(text(ch.readInbound())).isEqualTo(BYE);
            assertThat(nextOut(ch)).isNull();
            assertThat(ch.finish()).isFalse();
        }
    }

    @Nested
    class Errors {
        @Test
        void missingContentLengthIsInvalid400AndDiscardsTheRest() {
            EmbeddedChannel ch = channel(65535);
            ch.writeInbound(buf(BYE.replace("L : 0\r\n", "") + BYE));
            InvalidFrame f = ch.readInbound();
            assertThat(f.status()).isEqualTo(400);
            assertThat(f.reason()).contains("Content-Length");
            assertThat(new String(f.head(), StandardCharsets.UTF_8)).startsWith("BYE sip:");
            ch.writeInbound(buf(BYE));
            assertThat(next(ch)).isNull();
            assertThat(ch.finish()).isFalse();
        }

        @Test
        void nonNumericContentLengthIsInvalid400() {
            EmbeddedChannel ch = channel(65535);
            ch.writeInbound(buf(BYE.replace("L : 0", "Content-Length: 1x")));
            InvalidFrame f = ch.readInbound();
            assertThat(f.status()).isEqualTo(400);
            assertThat(ch.finish()).isFalse();
        }

        @Test
        void claimedBodyOverLimitIs513BeforeTheBodyArrives() {
            EmbeddedChannel ch = channel(1024);
            ch.writeInbound(buf(BYE.replace("L : 0", "Content-Length: 2000000000")));
            InvalidFrame f = ch.readInbound();
            assertThat(f.status()).isEqualTo(513);
            assertThat(f.head().length).isLessThanOrEqualTo(1024);
            assertThat(ch.finish()).isFalse();
        }

        @Test
        void headerSectionOverLimitIs513() {
            EmbeddedChannel ch = channel(512);
            ch.writeInbound(buf("INVITE sip:a@b SIP/2.0\r\nX-Pad: " + "x".repeat(600)));
            InvalidFrame f = ch.readInbound();
            assertThat(f.status()).isEqualTo(513);
            assertThat(f.head()).hasSize(512);
            assertThat(ch.finish()).isFalse();
        }
    }
}
