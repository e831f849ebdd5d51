package io.dialtone.session;

import io.dialtone.message.CSeq;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.rtp.SilenceSource;
import io.dialtone.sdp.AnswerParams;
import io.dialtone.sdp.MediaDirection;
import io.dialtone.sdp.OfferAnswer;
import io.dialtone.sdp.OfferParams;
import io.dialtone.sdp.SessionDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static io.dialtone.session.SessionFixture.SINK;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3311 UPDATE, RFC 3261 §14 re-INVITE, RFC 3264 §8 (hold §8.4)")
class SessionModificationTest {
    private SessionFixture f = new SessionFixture();

    @AfterEach
    void closeMedia() {
        f.close();
    }

    static byte[] offer(MediaDirection d, int port, long version) {
        return OfferAnswer.createOffer(OfferParams.builder("127.0.0.1", port).direction(d).sessionId(7)
                .sessionVersion(version).build()).toBytes();
    }

    /** The peer's answer to an offer we sent. */
    static byte[] answerTo(SipRequest offerer, MediaDirection peerAllows, int port) {
        try {
            return OfferAnswer.answer(SessionDescription.parse(offerer.body()), AnswerParams.builder("127.0.0.1", port)
                    .direction(peerAllows).sessionId(9).build()).sdp().toBytes();
        } catch (io.dialtone.sdp.SdpParseException e) {
            throw new AssertionError(e);
        }
    }

    static MediaDirection direction(byte[] sdp) throws Exception {
        SessionDescription d = SessionDescription.parse(sdp);
        return d.media().get(0).effectiveDirection(d);
    }

    static long version(byte[] sdp) throws Exception {
        return SessionDescription.parse(sdp).origin().sessVersion();
    }

    private InviteSession uas() {
        f.establish(f.invite());
        return f.incoming.get(0);
    }

    private SipResponse ok() {
        return f.wire.lastResponse(200, SipMethod.INVITE);
    }

    private void hangUpAndDrain(InviteSession s) {
        s.hangup();
        f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
        f.drainAndAssertIdle();
    }

    // ================================================================== UPDATE

    @Nested
    @DisplayName("UPDATE RFC 3311 §5")
    class Update {
        @Test
        void peerUpdateWithOfferGetsOkWithAnswerAppliedToTheStream() throws Exception {
            InviteSession s = uas();
            long before = version(ok().body());
            f.receive(f.inDialog(SipMethod.UPDATE, 2, ok(), b -> b.body("application/sdp", offer(MediaDirection.SENDRECV, 40010, 8))));
            SipResponse r = f.wire.lastResponse(SipMethod.UPDATE);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.contentType()).contains("application/sdp");
            assertThat(version(r.body())).isEqualTo(before); // same answer: version unchanged (RFC 3264 §8)
            assertThat(s.media().negotiated().remotePort()).isEqualTo(40010);
            hangUpAndDrain(s);
        }

        @Test
        void ourUpdateOffersWithTheVersionIncrementedAndAppliesTheAnswer() throws Exception {
            InviteSession s = uas();
            long before = version(ok().body());
            CompletableFuture<SipResponse> done = s.update();
            SipRequest update = f.wire.lastRequest(SipMethod.UPDATE);
            assertThat(update.cseq()).isEqualTo(new CSeq(1, SipMethod.UPDATE));
            assertThat(version(update.body())).isEqualTo(before + 1);
            assertThat(direction(update.body())).isEqualTo(MediaDirection.SENDRECV);
            assertThat(done).isNotDone();
            f.receive(SessionFixture.answer(update, 200).body("application/sdp", answerTo(update, MediaDirection.SENDRECV, 40020)).build());
            assertThat(done).isCompletedWithValueMatching(SipResponse::isSuccess);
            assertThat(s.media().negotiated().remotePort()).isEqualTo(40020);
            hangUpAndDrain(s);
        }

        @Test
        @DisplayName("§5.2: an UPDATE offer while ours is pending gets 491; one without an offer 200")
        void glareGets491() {
            InviteSession s = uas();
            s.update();
            f.receive(f.inDialog(SipMethod.UPDATE, 2, ok(), b -> b.body("application/sdp", offer(MediaDirection.SENDRECV, 40010, 8))));
            f.receive(f.inDialog(SipMethod.UPDATE, 3, ok()));
            SipRequest reInvite = f.inDialog(SipMethod.INVITE, 4, ok(), b -> b.body("application/sdp", offer(MediaDirection.SENDRECV, 40010, 8)));
            f.receive(reInvite);
            assertThat(f.wire.statuses(SipMethod.UPDATE)).containsExactly(491, 200);
            assertThat(f.wire.lastResponse(SipMethod.INVITE).statusCode()).isEqualTo(491);
            assertThatThrownIsIllegalState(s);
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.UPDATE), 200)
                    .body("application/sdp", answerTo(f.wire.lastRequest(SipMethod.UPDATE), MediaDirection.SENDRECV, 40000)).build());
            f.receive(SessionFixture.ackForFailure(reInvite, f.wire.lastResponse(SipMethod.INVITE)));
            hangUpAndDrain(s);
        }

        private void assertThatThrownIsIllegalState(InviteSession s) {
            org.assertj.core.api.Assertions.assertThatThrownBy(s::update).isInstanceOf(IllegalStateException.class);
        }

        @Test
        @DisplayName("RFC 3261 §14.1: our 491 is retried after 0–2 s when the peer owns the Call-ID")
        void our491IsRetried() throws Exception {
            InviteSession s = uas();
            CompletableFuture<SipResponse> done = s.update();
            SipRequest first = f.wire.lastRequest(SipMethod.UPDATE);
            f.receive(SessionFixture.answer(first, 491).build());
            assertThat(done).isNotDone();
            f.advance(2.01);
            SipRequest retry = f.wire.lastRequest(SipMethod.UPDATE);
            assertThat(f.wire.requests(SipMethod.UPDATE).stream().map(r -> r.cseq().number()).distinct()).hasSize(2);
            assertThat(retry.cseq().number()).isEqualTo(2);
            assertThat(version(retry.body())).as("a new offer: version + 1 (RFC 3264 §8)").isEqualTo(version(first.body()) + 1);
            f.receive(SessionFixture.answer(retry, 200).body("application/sdp", answerTo(retry, MediaDirection.SENDRECV, 40000)).build());
            assertThat(done).isCompletedWithValueMatching(SipResponse::isSuccess);
            hangUpAndDrain(s);
        }

        @Test
        @DisplayName("§5.2: an UPDATE offer before we answered the INVITE's gets 500 with Retry-After")
        void updateOfferWhileTheInviteOfferIsUnansweredGets500() {
            SipRequest invite = f.invite();
            InviteSession s = f.ring(invite);
            SipResponse ringing = f.wire.lastResponse(180, SipMethod.INVITE);
            f.receive(f.inDialog(SipMethod.UPDATE, 2, ringing, b -> b.body("application/sdp", offer(MediaDirection.SENDRECV, 40010, 8))));
            SipResponse r = f.wire.lastResponse(SipMethod.UPDATE);
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(0, 10));
            s.hangup();
            f.receive(SessionFixture.ackForFailure(invite, f.wire.lastResponse(603, SipMethod.INVITE)));
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§5.1: UPDATE in the early dialog once a reliable 183 answered the offer")
        void earlyUpdateAfterReliableAnswer() throws Exception {
            SipRequest invite = f.invite(b -> b.header("Require", "100rel"));
            InviteSession s = f.ring(invite);
            SipResponse ringing = f.wire.lastResponse(180, SipMethod.INVITE);
            f.receive(f.inDialog(SipMethod.PRACK, 2, ringing, b -> b.header("RAck", ringing.header("RSeq").orElseThrow() + " 1 INVITE")));
            s.progress(SilenceSource.INSTANCE, SINK);
            SipResponse progress = f.wire.lastResponse(183, SipMethod.INVITE);
            f.receive(f.inDialog(SipMethod.PRACK, 3, progress, b -> b.header("RAck", progress.header("RSeq").orElseThrow() + " 1 INVITE")));
            f.receive(f.inDialog(SipMethod.UPDATE, 4, progress, b -> b.body("application/sdp", offer(MediaDirection.SENDRECV, 40030, 8))));
            assertThat(f.wire.lastResponse(SipMethod.UPDATE).statusCode()).isEqualTo(200);
            assertThat(s.media().negotiated().remotePort()).isEqualTo(40030);
            s.update();
            SipRequest ours = f.wire.lastRequest(SipMethod.UPDATE);
            assertThat(ours.to().tag()).isEqualTo(SessionFixture.PEER_TAG);
            f.receive(SessionFixture.answer(ours, 200).body("application/sdp", answerTo(ours, MediaDirection.SENDRECV, 40032)).build());
            assertThat(s.media().negotiated().remotePort()).isEqualTo(40032);
            s.answer(SilenceSource.INSTANCE, SINK);
            f.receive(f.ackFor2xx(invite, ok()));
            hangUpAndDrain(s);
        }

        @Test
        void uacEarlyUpdateOfferBeforeTheAnswerGets491() {
            InviteSession s = f.sessions.call(f.callId, SipUri.of("bob", "127.0.0.1", 5070), "UDP", SilenceSource.INSTANCE, SINK);
            SipRequest invite = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(SessionFixture.answer(invite, 180).build());
            SipRequest update = SipRequest.builder(SipMethod.UPDATE, invite.contacts().get(0).uri())
                    .addVia(io.dialtone.message.Via.of("UDP", "127.0.0.1", 5070, f.newBranch())).maxForwards(70)
                    .from(invite.to().withTag(SessionFixture.PEER_TAG)).to(invite.from()).callId(invite.callId())
                    .cseq(1, SipMethod.UPDATE).body("application/sdp", offer(MediaDirection.SENDRECV, 40010, 8)).build();
            f.receive(update);
            assertThat(f.wire.statuses(SipMethod.UPDATE)).containsExactly(491);
            assertThat(s.state()).isEqualTo(SessionState.EARLY);
        }
    }

    // ================================================================== re-INVITE

    @Nested
    @DisplayName("re-INVITE RFC 3261 §14, RFC 3264 §5, §8")
    class ReInvite {
        @Test
        void ourOfferlessReInviteAnswersTheOfferOfThe2xxInTheAck() throws Exception {
            InviteSession s = uas();
            CompletableFuture<SipResponse> done = s.reInvite(false);
            SipRequest reInvite = f.wire.lastRequest(SipMethod.INVITE);
            assertThat(reInvite.hasBody()).isFalse();
            f.receive(SessionFixture.answer(reInvite, 200).body("application/sdp", offer(MediaDirection.SENDRECV, 40040, 9)).build());
            SipRequest ack = f.wire.lastRequest(SipMethod.ACK);
            assertThat(ack.cseq()).isEqualTo(new CSeq(reInvite.cseq().number(), SipMethod.ACK));
            assertThat(ack.contentType()).contains("application/sdp");
            assertThat(SessionDescription.parse(ack.body()).media()).hasSize(1);
            assertThat(done).isCompletedWithValueMatching(SipResponse::isSuccess);
            assertThat(s.media().negotiated().remotePort()).isEqualTo(40040);
            hangUpAndDrain(s);
        }

        @Test
        @DisplayName("§14.1: an unacceptable offer in the 2xx is answered in the ACK, then BYE")
        void unacceptableOfferInThe2xxIsAnsweredThenBye() throws Exception {
            InviteSession s = uas();
            s.reInvite(false);
            SipRequest reInvite = f.wire.lastRequest(SipMethod.INVITE);
            byte[] video = ("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=video 40000 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n").getBytes();
            f.receive(SessionFixture.answer(reInvite, 200).body("application/sdp", video).build());
            SipRequest ack = f.wire.lastRequest(SipMethod.ACK);
            assertThat(SessionDescription.parse(ack.body()).media().get(0).port()).as("stream refused").isZero();
            assertThat(s.state()).isEqualTo(SessionState.TERMINATING);
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            f.drainAndAssertIdle();
        }

        @Test
        void peerOfferlessReInviteGetsOurOfferAndItsAckAnswerIsApplied() throws Exception {
            InviteSession s = uas();
            SipRequest reInvite = f.inDialog(SipMethod.INVITE, 2, ok());
            f.receive(reInvite);
            SipResponse reOk = f.wire.lastResponse(SipMethod.INVITE);
            assertThat(reOk.statusCode()).isEqualTo(200);
            assertThat(SessionDescription.parse(reOk.body()).media()).hasSize(1);
            byte[] answer = OfferAnswer.answer(SessionDescription.parse(reOk.body()),
                    AnswerParams.builder("127.0.0.1", 40050).sessionId(9).build()).sdp().toBytes();
            f.receive(f.ackFor2xx(reInvite, reOk).toBuilder().body("application/sdp", answer).build());
            assertThat(s.media().negotiated().remotePort()).isEqualTo(40050);
            f.advance(5);
            assertThat(f.wire.responses(SipMethod.INVITE).stream().filter(r -> r.cseq().number() == 2)).hasSize(1);
            hangUpAndDrain(s);
        }

        @Test
        void reInviteChangingTheMediaIsAppliedToTheStream() {
            InviteSession s = uas();
            assertThat(s.media().negotiated().remotePort()).isEqualTo(40000);
            SipRequest reInvite = f.inDialog(SipMethod.INVITE, 2, ok(), b -> b.body("application/sdp", offer(MediaDirection.SENDRECV, 40060, 8)));
            f.receive(reInvite);
            f.receive(f.ackFor2xx(reInvite, f.wire.lastResponse(SipMethod.INVITE)));
            assertThat(s.media().negotiated().remotePort()).isEqualTo(40060);
            hangUpAndDrain(s);
        }

        @Test
        void rejectedReOfferLeavesTheSessionAsItWas() throws Exception {
            InviteSession s = uas();
            byte[] before = s.media().localSdp().toBytes();
            CompletableFuture<SipResponse> done = s.hold();
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.INVITE), 488).build());
            assertThat(done).isCompletedWithValueMatching(r -> r.statusCode() == 488);
            assertThat(s.media().localSdp().toBytes()).isEqualTo(before);
            assertThat(s.onHold()).isFalse();
            assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);
            hangUpAndDrain(s);
        }

        @Test
        @DisplayName("§12.2.1.2: 481 to our re-INVITE ends the session with BYE")
        void reInviteAnswered481EndsWithBye() {
            InviteSession s = uas();
            s.reInvite(true);
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.INVITE), 481).build());
            assertThat(s.state()).isEqualTo(SessionState.TERMINATING);
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            f.drainAndAssertIdle();
        }
    }

    // ================================================================== hold

    @Nested
    @DisplayName("hold and resume RFC 3264 §8.4")
    class Hold {
        @Test
        void holdOffersSendonlyAndResumeSendrecv() throws Exception {
            InviteSession s = uas();
            CompletableFuture<SipResponse> held = s.hold();
            SipRequest hold = f.wire.lastRequest(SipMethod.INVITE);
            assertThat(direction(hold.body())).isEqualTo(MediaDirection.SENDONLY);
            byte[] answer = answerTo(hold, MediaDirection.SENDRECV, 40000);
            assertThat(direction(answer)).isEqualTo(MediaDirection.RECVONLY);
            f.receive(SessionFixture.answer(hold, 200).body("application/sdp", answer).build());
            assertThat(held).isCompleted();
            assertThat(f.wire.lastRequest(SipMethod.ACK).cseq().number()).isEqualTo(hold.cseq().number());
            assertThat(s.onHold()).isTrue();
            assertThat(s.media().negotiated().direction()).isEqualTo(MediaDirection.SENDONLY);
            s.resume();
            SipRequest resume = f.wire.lastRequest(SipMethod.INVITE);
            assertThat(direction(resume.body())).isEqualTo(MediaDirection.SENDRECV);
            assertThat(version(resume.body())).isEqualTo(version(hold.body()) + 1);
            f.receive(SessionFixture.answer(resume, 200).body("application/sdp", answerTo(resume, MediaDirection.SENDRECV, 40000)).build());
            assertThat(s.onHold()).isFalse();
            assertThat(s.media().negotiated().direction()).isEqualTo(MediaDirection.SENDRECV);
            hangUpAndDrain(s);
        }

        @Test
        void peerHoldIsAnsweredRecvonlyAndInactiveInactive() throws Exception {
            InviteSession s = uas();
            SipRequest hold = f.inDialog(SipMethod.INVITE, 2, ok(), b -> b.body("application/sdp", offer(MediaDirection.SENDONLY, 40000, 8)));
            f.receive(hold);
            SipResponse held = f.wire.lastResponse(SipMethod.INVITE);
            assertThat(direction(held.body())).isEqualTo(MediaDirection.RECVONLY);
            assertThat(s.media().negotiated().sends()).as("held: we stop sending").isFalse();
            assertThat(s.media().negotiated().receives()).isTrue();
            f.receive(f.ackFor2xx(hold, held));
            SipRequest inactive = f.inDialog(SipMethod.INVITE, 3, ok(), b -> b.body("application/sdp", offer(MediaDirection.INACTIVE, 40000, 9)));
            f.receive(inactive);
            assertThat(direction(f.wire.lastResponse(SipMethod.INVITE).body())).isEqualTo(MediaDirection.INACTIVE);
            f.receive(f.ackFor2xx(inactive, f.wire.lastResponse(SipMethod.INVITE)));
            SipRequest resume = f.inDialog(SipMethod.INVITE, 4, ok(), b -> b.body("application/sdp", offer(MediaDirection.SENDRECV, 40000, 10)));
            f.receive(resume);
            assertThat(direction(f.wire.lastResponse(SipMethod.INVITE).body())).isEqualTo(MediaDirection.SENDRECV);
            assertThat(s.media().negotiated().sends()).as("resumed: we send again").isTrue();
            f.receive(f.ackFor2xx(resume, f.wire.lastResponse(SipMethod.INVITE)));
            hangUpAndDrain(s);
        }

        @Test
        void holdWhileThePeerHoldsUsOffersInactive() throws Exception {
            InviteSession s = uas();
            SipRequest peerHold = f.inDialog(SipMethod.INVITE, 2, ok(), b -> b.body("application/sdp", offer(MediaDirection.SENDONLY, 40000, 8)));
            f.receive(peerHold);
            f.receive(f.ackFor2xx(peerHold, f.wire.lastResponse(SipMethod.INVITE)));
            s.hold();
            assertThat(direction(f.wire.lastRequest(SipMethod.INVITE).body())).isEqualTo(MediaDirection.INACTIVE);
            SipRequest ours = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(SessionFixture.answer(ours, 200).body("application/sdp", answerTo(ours, MediaDirection.SENDONLY, 40000)).build());
            assertThat(s.media().negotiated().direction()).isEqualTo(MediaDirection.INACTIVE);
            hangUpAndDrain(s);
        }

        @Test
        void whileWeHoldAPeerReOfferOfSendrecvIsAnsweredSendonly() throws Exception {
            InviteSession s = uas();
            s.hold();
            SipRequest hold = f.wire.lastRequest(SipMethod.INVITE);
            f.receive(SessionFixture.answer(hold, 200).body("application/sdp", answerTo(hold, MediaDirection.SENDRECV, 40000)).build());
            SipRequest reOffer = f.inDialog(SipMethod.INVITE, 2, ok(), b -> b.body("application/sdp", offer(MediaDirection.SENDRECV, 40000, 8)));
            f.receive(reOffer);
            assertThat(direction(f.wire.lastResponse(SipMethod.INVITE).body())).isEqualTo(MediaDirection.SENDONLY);
            f.receive(f.ackFor2xx(reOffer, f.wire.lastResponse(SipMethod.INVITE)));
            hangUpAndDrain(s);
        }

        @Test
        void holdBeforeTheAnswerIsRefused() {
            InviteSession s = f.ring(f.invite());
            org.assertj.core.api.Assertions.assertThatThrownBy(s::hold).isInstanceOf(IllegalStateException.class);
        }
    }
}
