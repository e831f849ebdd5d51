package io.dialtone.rtp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dialtone.codec.PcmuCodec;
import io.dialtone.rtp.RtpPacket;
import io.dialtone.rtp.RtpStreamConfig;
import io.dialtone.rtp.ToneSource;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** RFC 4733 telephone-events through {@link StreamEngine}, on virtual time. */
@DisplayName("RFC 4733 §2.5 telephone-event")
class TelephoneEventTest {

    private static final long TICK = 20_000_000L;
    private static final int TE = 101;
    private static final long PEER_SSRC = 0x1234L;
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 5000);

    private static StreamEngine engine(StreamEngineTest.Wire wire, int tePt) {
        RtpStreamConfig cfg = RtpStreamConfig.builder().codec(PcmuCodec.INSTANCE).telephoneEventPayloadType(tePt)
                .cname("test").build();
        StreamEngine e = new StreamEngine(cfg, wire, new SplittableRandom(7), Instant.EPOCH, 0);
        e.remote(PEER, new InetSocketAddress("127.0.0.1", 5001));
        e.start(new ToneSource(1000, 8000, 0.5), new StreamEngineTest.Collect(), 0);
        return e;
    }

    private static List<RtpPacket> parsed(StreamEngineTest.Wire wire) {
        List<RtpPacket> out = new ArrayList<>();
        for (byte[] b : wire.rtp) {
            out.add(RtpPacket.parse(b, 0, b.length));
        }
        return out;
    }

    private static int duration(RtpPacket p) {
        byte[] b = p.payload();
        return ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    private static boolean endBit(RtpPacket p) {
        return (p.payload()[1] & 0x80) != 0;
    }

    @Nested
    @DisplayName("§2.5.1 sender")
    class Sender {
        @Test
        void firstPacketMarkedThenGrowingDurationThenThreeEndPackets() {
            StreamEngineTest.Wire wire = new StreamEngineTest.Wire();
            StreamEngine e = engine(wire, TE);
            long t = 0;
            for (int i = 0; i < 3; i++) {
                e.tick(t += TICK); // three audio packets
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            e.sendDtmf('5', 100, done);
            for (int i = 0; i < 6; i++) {
                e.tick(t += TICK);
            }
            assertThat(done).isNotDone();
            e.tick(t += TICK);
            assertThat(done).isCompleted();
            e.tick(t += TICK); // audio again
            List<RtpPacket> ps = parsed(wire);
            assertThat(ps).hasSize(3 + 7 + 1);
            RtpPacket lastAudio = ps.get(2);
            List<RtpPacket> ev = ps.subList(3, 10);
            long start = (lastAudio.timestamp() + 160) & 0xFFFFFFFFL;
            for (int i = 0; i < ev.size(); i++) {
                RtpPacket p = ev.get(i);
                assertThat(p.payloadType()).isEqualTo(TE);
                assertThat(p.timestamp()).as("§2.5.1.2 one timestamp, the event's start").isEqualTo(start);
                assertThat(p.sequenceNumber()).isEqualTo((lastAudio.sequenceNumber() + 1 + i) & 0xFFFF);
                assertThat(p.marker()).isEqualTo(i == 0);
                assertThat(p.payload()[0]).isEqualTo((byte) 5);
                assertThat(p.payload()[1] & 0x3F).as("volume").isEqualTo(10);
            }
            assertThat(ev).extracting(TelephoneEventTest::duration).containsExactly(160, 320, 480, 640, 800, 800, 800);
            assertThat(ev).extracting(TelephoneEventTest::endBit)
                    .containsExactly(false, false, false, false, true, true, true);
            RtpPacket after = ps.get(10);
            assertThat(after.payloadType()).isEqualTo(0);
            assertThat(after.marker()).as("audio resumes with a new talkspurt").isTrue();
            assertThat(after.timestamp()).as("the sampling clock ran on").isEqualTo((start + 7 * 160) & 0xFFFFFFFFL);
            assertThat(e.stats().dtmfSent()).isEqualTo(1);
        }

        @Test
        void queuedDigitsAreSeparatedByAudioAndHaveTheirOwnTimestamps() {
            StreamEngineTest.Wire wire = new StreamEngineTest.Wire();
            StreamEngine e = engine(wire, TE);
            CompletableFuture<Void> one = new CompletableFuture<>();
            CompletableFuture<Void> hash = new CompletableFuture<>();
            e.sendDtmf('1', 40, one);
            e.sendDtmf('#', 40, hash);
            long t = 0;
            for (int i = 0; i < 20; i++) {
                e.tick(t += TICK);
            }
            assertThat(one).isCompleted();
            assertThat(hash).isCompleted();
            List<RtpPacket> ps = parsed(wire);
            // 2 + 3 end packets, 2 audio packets, 2 + 3 end packets, audio
            assertThat(ps.subList(0, 12)).extracting(RtpPacket::payloadType)
                    .containsExactly(TE, TE, TE, TE, 0, 0, TE, TE, TE, TE, 0, 0);
            assertThat(ps.get(0).payload()[0]).isEqualTo((byte) 1);
            assertThat(ps.get(6).payload()[0]).isEqualTo((byte) 11);
            assertThat(ps.get(6).marker()).isTrue();
            assertThat(ps.get(6).timestamp()).isEqualTo((ps.get(0).timestamp() + 6 * 160) & 0xFFFFFFFFL);
            assertThat(ps.get(4).marker()).isTrue();
        }

        @Test
        void failsWithoutNegotiatedTelephoneEvent() {
            StreamEngine e = engine(new StreamEngineTest.Wire(), -1);
            CompletableFuture<Void> done = new CompletableFuture<>();
            e.sendDtmf('1', 100, done);
            assertThat(done).isCompletedExceptionally();
        }

        @Test
        void stopFailsPendingDigits() {
            StreamEngine e = engine(new StreamEngineTest.Wire(), TE);
            CompletableFuture<Void> done = new CompletableFuture<>();
            e.sendDtmf('9', 100, done);
            e.tick(TICK);
            e.stop(2 * TICK);
            assertThat(done).isCompletedExceptionally();
        }
    }

    /** Feeds crafted packets to an engine and records what its listener reports. */
    static final class Peer {
        final StreamEngine engine = engine(new StreamEngineTest.Wire(), TE);
        final List<String> reported = new ArrayList<>();
        int seq = 100;
        long now;

        Peer() {
            engine.dtmfListener((digit, ms) -> reported.add(digit + "/" + ms));
            audio(1000);
            audio(1160); // passes RFC 3550 A.1 probation
        }

        void audio(long ts) {
            send(RtpPacket.of(false, 0, seq++, ts, PEER_SSRC, new byte[160]));
        }

        void event(boolean marker, long ts, int event, boolean end, int duration) {
            byte[] pl = {(byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
            send(RtpPacket.of(marker, TE, seq++, ts, PEER_SSRC, pl));
        }

        void send(RtpPacket p) {
            now += TICK;
            byte[] b = p.toBytes();
            engine.onRtp(b, b.length, now, PEER);
        }

        void idle(long nanos) {
            for (long end = now + nanos; now < end; ) {
                engine.tick(now += TICK);
            }
        }
    }

    @Nested
    @DisplayName("§2.5.2 receiver")
    class Receiver {
        @Test
        void reportsAnEventOnceAtItsEnd() {
            Peer peer = new Peer();
            peer.event(true, 2000, 5, false, 160);
            peer.event(false, 2000, 5, false, 320);
            peer.event(false, 2000, 5, false, 480);
            assertThat(peer.reported).isEmpty();
            peer.event(false, 2000, 5, true, 800);
            peer.event(false, 2000, 5, true, 800);
            peer.event(false, 2000, 5, true, 800);
            peer.idle(1_000_000_000L);
            assertThat(peer.reported).containsExactly("5/100");
            assertThat(peer.engine.stats().dtmfReceived()).isEqualTo(1);
            assertThat(peer.engine.stats().malformed()).isZero();
        }

        @Test
        void lostStartPacketStillAnEvent() {
            Peer peer = new Peer();
            peer.event(false, 2000, 11, false, 320);
            peer.event(false, 2000, 11, true, 640);
            assertThat(peer.reported).containsExactly("#/80");
        }

        @Test
        void lostEndPacketsReportedWhenTheNextEventStarts() {
            Peer peer = new Peer();
            peer.event(true, 2000, 1, false, 160);
            peer.event(false, 2000, 1, false, 320);
            peer.event(true, 4000, 2, false, 160);
            assertThat(peer.reported).containsExactly("1/40");
            peer.event(false, 4000, 2, true, 400);
            assertThat(peer.reported).containsExactly("1/40", "2/50");
        }

        @Test
        void lostEndPacketsReportedAfterTimeout() {
            Peer peer = new Peer();
            peer.event(true, 2000, 0, false, 160);
            peer.event(false, 2000, 0, false, 320);
            peer.idle(TelephoneEventReceiver.TIMEOUT_NANOS - 2 * TICK);
            assertThat(peer.reported).isEmpty();
            peer.idle(3 * TICK);
            assertThat(peer.reported).containsExactly("0/40");
        }

        @Test
        void lateAndRetransmittedPacketsOfAReportedEventIgnored() {
            Peer peer = new Peer();
            peer.event(true, 2000, 3, false, 160);
            peer.event(false, 2000, 3, true, 480);
            peer.event(false, 2000, 3, false, 320); // reordered update
            peer.event(false, 2000, 3, true, 480);
            peer.event(true, 2000, 3, false, 160); // a duplicate of the first
            peer.event(true, 5000, 4, true, 160);
            peer.event(false, 2000, 3, true, 480); // an end packet of the older event, very late
            peer.idle(1_000_000_000L);
            assertThat(peer.reported).containsExactly("3/60", "4/20");
        }

        @Test
        void longEventContinuedInSegmentsIsOneEvent() {
            Peer peer = new Peer();
            peer.event(true, 2000, 7, false, 65_000);
            peer.event(false, 2000, 7, false, 0xFFFF);
            peer.event(false, 2000 + 0xFFFF, 7, false, 160); // §2.5.1.3: next segment, no marker
            peer.event(false, 2000 + 0xFFFF, 7, true, 800);
            assertThat(peer.reported).containsExactly("7/" + (0xFFFF + 800) / 8);
        }

        @Test
        void eventsDoNotDisturbAudioStatistics() {
            Peer peer = new Peer();
            long before = peer.engine.stats().packetsReceived();
            peer.event(true, 2000, 5, true, 800);
            peer.audio(2960);
            assertThat(peer.engine.stats().packetsLost()).isZero();
            assertThat(peer.engine.stats().packetsReceived()).isEqualTo(before + 2);
        }

        @Test
        void shortPayloadIsMalformed() {
            Peer peer = new Peer();
            peer.send(RtpPacket.of(true, TE, peer.seq++, 2000, PEER_SSRC, new byte[2]));
            assertThat(peer.engine.stats().malformed()).isEqualTo(1);
            assertThat(peer.reported).isEmpty();
        }
    }
}
