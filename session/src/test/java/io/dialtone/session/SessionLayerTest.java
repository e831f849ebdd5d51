package io.dialtone.session;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 3261 §8.2, §9.2, §11, §12.2.2, RFC 4028 §9")
class SessionLayerTest {
    private final SessionFixture f = new SessionFixture();

    @AfterEach
    void closeMedia() {
        f.close();
    }

    /** The only response sent, to {@code method}. */
    private SipResponse onlyResponse(String method) {
        List<SipResponse> r = f.wire.responses(method);
        assertThat(r).as("responses to %s", method).hasSize(1);
        return r.get(0);
    }

    @Nested
    @DisplayName("method inspection §8.2.1")
    class Methods {
        @Test
        void unknownMethodGets501WithAllow() {
            f.receive(f.outOfDialog("FROBNICATE", b -> { }));
            SipResponse r = onlyResponse("FROBNICATE");
            assertThat(r.statusCode()).isEqualTo(501);
            assertThat(r.lists("Allow", "INVITE")).isTrue();
            assertThat(r.lists("Allow", "BYE")).isTrue();
            assertThat(r.to().tag()).isNotBlank();
            assertThat(f.incoming).isEmpty();
            f.drainAndAssertIdle();
        }

        @org.junit.jupiter.params.ParameterizedTest(name = "{0} gets 405")
        @org.junit.jupiter.params.provider.ValueSource(strings = {"PUBLISH", "REGISTER"}) // the rest are implemented
        @DisplayName("§8.2.1: a method we know but do not implement gets 405 with Allow")
        void knownButUnimplementedMethodGets405WithAllow(String method) {
            f.receive(f.outOfDialog(method, b -> { }));
            SipResponse r = onlyResponse(method);
            assertThat(r.statusCode()).isEqualTo(405);
            assertThat(r.lists("Allow", "INVITE")).isTrue();
            assertThat(r.lists("Allow", "OPTIONS")).isTrue();
            f.drainAndAssertIdle();
        }

        @Test
        void unknownMethodInsideADialogGets501() {
            SipResponse ok = f.establish(f.invite());
            f.receive(f.inDialog("FROBNICATE", 2, ok));
            assertThat(f.wire.statuses("FROBNICATE")).containsExactly(501);
            assertThat(f.incoming.get(0).state()).isEqualTo(SessionState.CONFIRMED);
            f.incoming.get(0).hangup();
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§11.2: OPTIONS gets 200 with Allow, Accept and Supported")
        void optionsGets200WithCapabilities() {
            f.receive(f.outOfDialog(SipMethod.OPTIONS, b -> { }));
            SipResponse r = onlyResponse(SipMethod.OPTIONS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.lists("Allow", "UPDATE")).isTrue();
            assertThat(r.header("Accept")).contains("application/sdp");
            assertThat(r.lists("Supported", "timer")).isTrue();
            f.drainAndAssertIdle();
        }

        @Test
        void optionsWithMaxForwardsZeroIsStillAnswered() {
            f.receive(f.outOfDialog(SipMethod.OPTIONS, b -> b.maxForwards(0)));
            assertThat(onlyResponse(SipMethod.OPTIONS).statusCode()).isEqualTo(200);
            f.drainAndAssertIdle();
        }
    }

    @Nested
    @DisplayName("header inspection §8.2.2")
    class Headers {
        @Test
        @DisplayName("§8.2.2.3: unknown Require gets 420 listing it in Unsupported")
        void unknownRequireGets420WithUnsupported() {
            f.receive(f.invite(b -> b.header("Require", "timer, precondition")));
            SipResponse r = onlyResponse(SipMethod.INVITE);
            assertThat(r.statusCode()).isEqualTo(420);
            assertThat(r.headerList("Unsupported")).containsExactly("precondition");
            assertThat(f.incoming).isEmpty();
            assertThat(f.sessions.activeSessions()).isZero();
            f.drainAndAssertIdle();
        }

        @Test
        void requireTimerIsSupported() {
            f.receive(f.invite(b -> b.header("Require", "timer")));
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(180);
            f.incoming.get(0).hangup();
            f.receive(SessionFixture.ackForFailure(f.incoming.get(0).invite(), f.wire.lastResponse(603, SipMethod.INVITE)));
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§16.3 step 3: Max-Forwards 0 gets 483")
        void maxForwardsZeroGets483() {
            f.receive(f.invite(b -> b.maxForwards(0)));
            assertThat(onlyResponse(SipMethod.INVITE).statusCode()).isEqualTo(483);
            assertThat(f.incoming).isEmpty();
            f.drainAndAssertIdle();
        }

        @Test
        void maxForwardsZeroInsideADialogGets483() {
            SipResponse ok = f.establish(f.invite());
            f.receive(f.inDialog(SipMethod.INFO, 2, ok, b -> b.maxForwards(0)));
            assertThat(f.wire.statuses(SipMethod.INFO)).containsExactly(483);
            f.incoming.get(0).hangup();
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            f.drainAndAssertIdle();
        }

        @Test
        void unknownRequireOnByeGets420AndTheSessionStays() {
            SipResponse ok = f.establish(f.invite());
            f.receive(f.inDialog(SipMethod.BYE, 2, ok, b -> b.header("Require", "foo")));
            assertThat(f.wire.statuses(SipMethod.BYE)).containsExactly(420);
            assertThat(f.wire.lastResponse(SipMethod.BYE).headerList("Unsupported")).containsExactly("foo");
            assertThat(f.incoming.get(0).state()).isEqualTo(SessionState.CONFIRMED);
            f.receive(f.inDialog(SipMethod.BYE, 3, ok));
            assertThat(f.wire.statuses(SipMethod.BYE)).containsExactly(420, 200);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§8.2.2.3: Require is not checked for CANCEL")
        void requireIsIgnoredOnCancel() {
            SipRequest invite = f.invite();
            f.ring(invite);
            f.receive(SessionFixture.cancel(invite).toBuilder().header("Require", "foo").build());
            assertThat(f.wire.statuses(SipMethod.CANCEL)).containsExactly(200);
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(180, 487);
            f.receive(SessionFixture.ackForFailure(invite, f.wire.lastResponse(487, SipMethod.INVITE)));
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§8.2.2.2: same From tag, Call-ID and CSeq on another branch while the first is ongoing gets 482")
        void mergedRequestGets482() {
            SipRequest first = f.invite();
            f.ring(first);
            SipRequest merged = first.toBuilder().topVia(io.dialtone.message.Via.of("UDP", "127.0.0.1", 5070, f.newBranch())).build();
            f.receive(merged);
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(180, 482);
            assertThat(f.incoming).hasSize(1);
            assertThat(f.sessions.activeSessions()).isEqualTo(1);
            f.receive(first); // a retransmission of the first matches its transaction: not merged
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(180, 482, 180);
            f.receive(SessionFixture.ackForFailure(merged, f.wire.lastResponse(482, SipMethod.INVITE)));
            f.incoming.get(0).hangup();
            f.receive(SessionFixture.ackForFailure(first, f.wire.lastResponse(603, SipMethod.INVITE)));
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§8.2.2.2: the INVITE by another path after the call is up (its transaction a record) gets 482")
        void mergedInviteAfterTheAckGets482() {
            SipRequest first = f.invite();
            SipResponse ok = f.establish(first);
            SipRequest merged = first.toBuilder().topVia(io.dialtone.message.Via.of("UDP", "127.0.0.1", 5070, f.newBranch())).build();
            f.receive(merged);
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(180, 200, 482);
            assertThat(f.incoming).hasSize(1);
            f.receive(first);                                   // a retransmission of the first: absorbed
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(180, 200, 482);
            f.receive(SessionFixture.ackForFailure(merged, f.wire.lastResponse(482, SipMethod.INVITE)));
            f.receive(f.inDialog(SipMethod.BYE, 2, ok));
            f.drainAndAssertIdle();
        }

        @Test
        void mergedNonInviteGets482() {
            SipRequest first = f.outOfDialog(SipMethod.OPTIONS, b -> { });
            f.receive(first);
            f.receive(first.toBuilder().topVia(io.dialtone.message.Via.of("UDP", "127.0.0.1", 5070, f.newBranch())).build());
            assertThat(f.wire.statuses(SipMethod.OPTIONS)).containsExactly(200, 482);
            f.drainAndAssertIdle();
        }

        @Test
        void sameIdentifiersAfterTheFirstTransactionEndedAreNotMerged() {
            SipRequest first = f.outOfDialog(SipMethod.OPTIONS, b -> { });
            f.receive(first);
            f.advance(33); // Timer J ended the first transaction
            f.receive(first.toBuilder().topVia(io.dialtone.message.Via.of("UDP", "127.0.0.1", 5070, f.newBranch())).build());
            assertThat(f.wire.statuses(SipMethod.OPTIONS)).containsExactly(200, 200);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§8.2.2.1: a tel: Request-URI is refused by the parser with 416, which the transport answers")
        void telRequestUriIs416() {
            String raw = "INVITE tel:+15551234 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKtel\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:alice@127.0.0.1>;tag=a\r\nTo: <tel:+15551234>\r\n"
                    + "Call-ID: tel@127.0.0.1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
            SipRequest parsed;
            try {
                parsed = (SipRequest) io.dialtone.message.SipParser.parse(raw.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            } catch (io.dialtone.message.SipParseException eager) {
                assertThat(eager.status()).isEqualTo(416); // the transport answers it
                return;
            }
            f.receive(parsed);                               // parsed on first use: the UAS core answers it
            assertThat(onlyResponse(SipMethod.INVITE).statusCode()).isEqualTo(416);
            assertThat(f.incoming).isEmpty();
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§12.2.2: BYE for an unknown dialog gets 481")
        void byeInUnknownDialogGets481() {
            f.receive(f.outOfDialog(SipMethod.BYE, b -> b.to(NameAddr.of(SipUri.of("dialtone", "127.0.0.1", 5060)).withTag("nope"))));
            assertThat(onlyResponse(SipMethod.BYE).statusCode()).isEqualTo(481);
            f.drainAndAssertIdle();
        }

        @Test
        void byeWithoutToTagGets481() {
            f.receive(f.outOfDialog(SipMethod.BYE, b -> { }));
            assertThat(onlyResponse(SipMethod.BYE).statusCode()).isEqualTo(481);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§9.2: CANCEL matching no transaction gets 481")
        void cancelForUnknownTransactionGets481() {
            f.receive(SessionFixture.cancel(f.invite()));
            assertThat(onlyResponse(SipMethod.CANCEL).statusCode()).isEqualTo(481);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§9.2: CANCEL after the ACK has no effect on the session; a later BYE gets 200")
        void cancelAfterAckLeavesTheDialogForBye() {
            SipRequest invite = f.invite();
            InviteSession s = f.ring(invite);
            s.answer(io.dialtone.rtp.SilenceSource.INSTANCE, SessionFixture.SINK);
            SipResponse ok = f.wire.lastResponse(200, SipMethod.INVITE);
            f.receive(f.ackFor2xx(invite, ok));
            f.receive(SessionFixture.cancel(invite));
            assertThat(f.wire.statuses(SipMethod.CANCEL)).containsExactly(200);
            assertThat(f.wire.lastResponse(200, SipMethod.CANCEL).to().tag()).isEqualTo(ok.to().tag());
            f.advance(1);
            assertThat(s.state()).isEqualTo(SessionState.CONFIRMED);
            f.receive(f.inDialog(SipMethod.BYE, 2, ok));
            assertThat(f.wire.statuses(SipMethod.BYE)).containsExactly(200);
            f.drainAndAssertIdle();
        }

        @Test
        void cancelAfterAnswerGets200AndLeavesTheSession() {
            SipRequest invite = f.invite();
            InviteSession s = f.ring(invite);
            s.answer(io.dialtone.rtp.SilenceSource.INSTANCE, SessionFixture.SINK);
            f.receive(SessionFixture.cancel(invite));
            assertThat(f.wire.statuses(SipMethod.CANCEL)).containsExactly(200);
            assertThat(f.wire.statuses(SipMethod.INVITE)).doesNotContain(487);
            assertThat(s.state()).isEqualTo(SessionState.ANSWERED);
            f.receive(f.ackFor2xx(invite, f.wire.lastResponse(200, SipMethod.INVITE)));
            s.hangup();
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            f.drainAndAssertIdle();
        }
    }

    @Nested
    @DisplayName("content processing §8.2.3")
    class Content {
        @Test
        void nonSdpBodyGets415WithAccept() {
            f.receive(f.invite(b -> b.body("text/plain", "hello")));
            SipResponse r = onlyResponse(SipMethod.INVITE);
            assertThat(r.statusCode()).isEqualTo(415);
            assertThat(r.header("Accept")).contains("application/sdp");
            assertThat(f.incoming).isEmpty();
            f.drainAndAssertIdle();
        }

        @Test
        void compressedBodyGets415WithAcceptEncoding() {
            f.receive(f.invite(b -> b.header("Content-Encoding", "gzip")));
            SipResponse r = onlyResponse(SipMethod.INVITE);
            assertThat(r.statusCode()).isEqualTo(415);
            assertThat(r.header("Accept-Encoding")).contains("identity");
            f.receive(SessionFixture.ackForFailure(f.invite(), r));
            f.drainAndAssertIdle();
        }

        @Test
        void nonSdpBodyInReInviteGets415AndTheSessionStays() {
            SipResponse ok = f.establish(f.invite());
            SipRequest reInvite = f.inDialog(SipMethod.INVITE, 2, ok, b -> b.body("text/plain", "hi"));
            f.receive(reInvite);
            assertThat(f.wire.lastResponse(SipMethod.INVITE).statusCode()).isEqualTo(415);
            assertThat(f.incoming.get(0).state()).isEqualTo(SessionState.CONFIRMED);
            f.receive(SessionFixture.ackForFailure(reInvite, f.wire.lastResponse(SipMethod.INVITE)));
            f.incoming.get(0).hangup();
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            f.drainAndAssertIdle();
        }

        @Test
        void malformedSdpGets400() {
            f.receive(f.invite(b -> b.body("application/sdp", "this is not sdp")));
            assertThat(onlyResponse(SipMethod.INVITE).statusCode()).isEqualTo(400);
            f.drainAndAssertIdle();
        }

        @Test
        void inviteWithoutOfferIsAccepted() {
            f.receive(f.invite(b -> b.noBody()));
            assertThat(f.wire.statuses(SipMethod.INVITE)).containsExactly(180);
            InviteSession s = f.incoming.get(0);
            s.answer(io.dialtone.rtp.SilenceSource.INSTANCE, SessionFixture.SINK);
            assertThat(f.wire.lastResponse(200, SipMethod.INVITE).contentType()).contains("application/sdp");
            s.hangup();
            f.receive(SessionFixture.answer(f.wire.lastRequest(SipMethod.BYE), 200).build());
            f.drainAndAssertIdle();
        }
    }

    @Nested
    @DisplayName("session timer RFC 4028 §9")
    class SessionTimer {
        @Test
        void sessionExpiresBelowMinSeGets422WithMinSe() {
            f.receive(f.invite(b -> b.set("Session-Expires", "60")));
            SipResponse r = onlyResponse(SipMethod.INVITE);
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(r.minSE()).hasValue(90);
            assertThat(f.incoming).isEmpty();
            f.receive(SessionFixture.ackForFailure(f.invite(), r));
            f.drainAndAssertIdle();
        }

        @Test
        void configuredMinSeIsAnnounced() {
            f.close();
            SessionFixture g = new SessionFixture(SessionConfig.builder().minSeSec(300).build());
            try {
                g.receive(g.invite(b -> b.set("Session-Expires", "120")));
                assertThat(g.wire.lastResponse(SipMethod.INVITE).statusCode()).isEqualTo(422);
                assertThat(g.wire.lastResponse(SipMethod.INVITE).minSE()).hasValue(300);
                g.drainAndAssertIdle();
            } finally {
                g.close();
            }
        }
    }
}
