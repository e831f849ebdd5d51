package io.dialtone.session;

import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipResponse;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import io.dialtone.message.header.SubscriptionState;
import io.dialtone.session.event.MessageSummary;
import io.dialtone.session.event.MessageSummaryPackage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static io.dialtone.session.SessionFixture.answer;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RFC 6665 SUBSCRIBE/NOTIFY")
class SubscriptionTest {
    private static final String MWI = MessageSummaryPackage.NAME;
    private final SessionFixture f = new SessionFixture();

    @AfterEach
    void closeMedia() {
        f.close();
    }

    @Nested
    @DisplayName("subscriber (§4.1)")
    class Subscriber {
        final List<SubscriptionState> states = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();
        Subscription sub;
        SipRequest subscribe;

        void subscribe(long expires) {
            sub = f.sessions.extensions().subscribe("sub-" + f.callId, SipUri.of("alice", "127.0.0.1", 5070), "UDP", MWI,
                    expires, (s, state, type, body) -> {
                        states.add(state);
                        bodies.add(new String(body));
                    });
            subscribe = f.wire.lastRequest(SipMethod.SUBSCRIBE);
        }

        /** The notifier's NOTIFY in the dialog of our SUBSCRIBE. */
        SipRequest notifyFromPeer(long cseq, String state, Consumer<SipRequest.Builder> more) {
            SipRequest.Builder b = SipRequest.builder(SipMethod.NOTIFY, SipUri.of("dialtone", "127.0.0.1", 5060))
                    .addVia(Via.of("UDP", "127.0.0.1", 5070, f.newBranch())).maxForwards(70)
                    .from(subscribe.to().withTag(SessionFixture.PEER_TAG)).to(subscribe.from())
                    .callId(subscribe.callId()).cseq(cseq, SipMethod.NOTIFY)
                    .header("Contact", SessionFixture.PEER_CONTACT)
                    .header("Event", MWI).header("Subscription-State", state)
                    .body(MessageSummaryPackage.CONTENT_TYPE, "Messages-Waiting: yes\r\nVoice-Message: 1/0\r\n");
            more.accept(b);
            return b.build();
        }

        SipRequest notifyFromPeer(long cseq, String state) {
            return notifyFromPeer(cseq, state, b -> { });
        }

        void established(long expires) {
            subscribe(expires);
            f.receive(answer(subscribe, 200).header("Expires", Long.toString(expires)).build());
            f.receive(notifyFromPeer(1, "active;expires=" + expires));
        }

        @Test
        void initialSubscribeCarriesEventExpiresAndContact() {
            subscribe(600);
            assertThat(subscribe.header("Event")).contains(MWI);
            assertThat(subscribe.header("Expires")).contains("600");
            assertThat(subscribe.contacts()).hasSize(1);
            assertThat(subscribe.to().tag()).isNull();
            assertThat(sub.state()).isEqualTo(Subscription.State.SUBSCRIBING);
            f.receive(answer(subscribe, 489).build());
            assertThat(sub.response().join()).isEqualTo(489);
            assertThat(sub.state()).isEqualTo(Subscription.State.TERMINATED);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("2xx then NOTIFY: active, the body reaches the handler, NOTIFY answered 200")
        void activeThenRefreshedThenUnsubscribed() {
            established(600);
            assertThat(f.wire.statuses(SipMethod.NOTIFY)).containsExactly(200);
            assertThat(sub.state()).isEqualTo(Subscription.State.ACTIVE);
            assertThat(bodies.get(0)).contains("Voice-Message: 1/0");
            f.advance(567);
            assertThat(f.wire.requests(SipMethod.SUBSCRIBE)).hasSize(1);
            f.advance(1);
            SipRequest refresh = f.wire.lastRequest(SipMethod.SUBSCRIBE);
            assertThat(refresh.to().tag()).isEqualTo(SessionFixture.PEER_TAG);
            assertThat(refresh.cseq().number()).isEqualTo(2);
            assertThat(refresh.header("Expires")).contains("600");
            f.receive(answer(refresh, 200).header("Expires", "300").build());
            f.advance(267);
            assertThat(f.wire.requests(SipMethod.SUBSCRIBE)).hasSize(2);
            f.advance(1);
            assertThat(f.wire.requests(SipMethod.SUBSCRIBE)).as("refreshed 32 s before the 300 s granted").hasSize(3);
            f.receive(answer(f.wire.lastRequest(SipMethod.SUBSCRIBE), 200).header("Expires", "600").build());

            sub.unsubscribe();
            SipRequest bye = f.wire.lastRequest(SipMethod.SUBSCRIBE);
            assertThat(bye.header("Expires")).contains("0");
            f.receive(answer(bye, 200).header("Expires", "0").build());
            assertThat(sub.state()).isEqualTo(Subscription.State.ACTIVE);
            f.receive(notifyFromPeer(2, "terminated;reason=timeout"));
            assertThat(sub.state()).isEqualTo(Subscription.State.TERMINATED);
            assertThat(sub.terminated().join().reason()).isEqualTo("timeout");
            assertThat(f.wire.requests(SipMethod.SUBSCRIBE)).as("no re-subscription after our own end").hasSize(4);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§4.1.2.4: a NOTIFY before the 2xx creates the dialog")
        void notifyBeforeThe2xx() {
            subscribe(600);
            f.receive(notifyFromPeer(1, "pending;expires=600"));
            assertThat(f.wire.statuses(SipMethod.NOTIFY)).containsExactly(200);
            assertThat(sub.state()).isEqualTo(Subscription.State.PENDING);
            f.receive(answer(subscribe, 200).header("Expires", "600").build());
            f.receive(notifyFromPeer(2, "active;expires=600"));
            assertThat(sub.state()).isEqualTo(Subscription.State.ACTIVE);
            sub.unsubscribe();
            SipRequest bye = f.wire.lastRequest(SipMethod.SUBSCRIBE);
            assertThat(bye.cseq().number()).isEqualTo(2);
            f.receive(answer(bye, 200).build());
            f.advance(32.1); // no terminated NOTIFY: 64·T1 later it ends anyway
            assertThat(sub.state()).isEqualTo(Subscription.State.TERMINATED);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§4.1.3: deactivated means subscribe again at once, rejected means the end")
        void terminatedReasons() {
            established(600);
            f.receive(notifyFromPeer(2, "terminated;reason=deactivated"));
            f.time.runPending();
            SipRequest again = f.wire.lastRequest(SipMethod.SUBSCRIBE);
            assertThat(again).isNotSameAs(subscribe);
            assertThat(again.to().tag()).isNull();
            assertThat(again.from().tag()).isNotEqualTo(subscribe.from().tag());
            assertThat(sub.state()).isEqualTo(Subscription.State.SUBSCRIBING);
            subscribe = again;
            f.receive(answer(again, 200).header("Expires", "600").build());
            f.receive(notifyFromPeer(1, "terminated;reason=rejected"));
            assertThat(sub.state()).isEqualTo(Subscription.State.TERMINATED);
            assertThat(sub.terminated().join().reason()).isEqualTo("rejected");
            f.drainAndAssertIdle();
        }

        @Test
        void probationWaitsForRetryAfter() {
            established(600);
            f.receive(notifyFromPeer(2, "terminated;reason=probation;retry-after=20"));
            f.advance(19.9);
            assertThat(f.wire.requests(SipMethod.SUBSCRIBE)).hasSize(1);
            f.advance(0.2);
            assertThat(f.wire.requests(SipMethod.SUBSCRIBE)).hasSize(2);
            f.receive(answer(f.wire.lastRequest(SipMethod.SUBSCRIBE), 403).build());
            assertThat(sub.state()).isEqualTo(Subscription.State.TERMINATED);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§4.1.2.4: no NOTIFY 64·T1 after the 2xx ends it")
        void noNotifyEndsIt() {
            subscribe(600);
            f.receive(answer(subscribe, 200).header("Expires", "600").build());
            f.advance(32.1);
            assertThat(sub.state()).isEqualTo(Subscription.State.TERMINATED);
            f.drainAndAssertIdle();
        }

        @Test
        void expiryWithoutSuccessfulRefreshEndsIt() {
            established(120);
            f.advance(88);
            SipRequest refresh = f.wire.lastRequest(SipMethod.SUBSCRIBE);
            assertThat(refresh.cseq().number()).isEqualTo(2);
            f.receive(answer(refresh, 500).build());
            assertThat(sub.state()).isEqualTo(Subscription.State.ACTIVE);
            f.advance(32);
            assertThat(sub.state()).isEqualTo(Subscription.State.TERMINATED);
            assertThat(sub.terminated().join().reason()).isEqualTo("timeout");
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§4.1.2.2: 481 to a refresh ends it at once")
        void refresh481EndsIt() {
            established(120);
            f.advance(88);
            f.receive(answer(f.wire.lastRequest(SipMethod.SUBSCRIBE), 481).build());
            assertThat(sub.state()).isEqualTo(Subscription.State.TERMINATED);
            f.drainAndAssertIdle();
        }

        @Test
        void notifyForAnotherEventOrWithoutStateIsRefused() {
            established(600);
            f.receive(notifyFromPeer(2, "active", b -> b.set("Event", "presence")));
            f.receive(notifyFromPeer(3, "active", b -> b.remove("Subscription-State")));
            f.receive(notifyFromPeer(4, "active", b -> b.from(subscribe.to().withTag("otherfork"))));
            assertThat(f.wire.statuses(SipMethod.NOTIFY)).containsExactly(200, 489, 400, 481);
            assertThat(states).hasSize(1);
            sub.unsubscribe();
            f.receive(answer(f.wire.lastRequest(SipMethod.SUBSCRIBE), 200).build());
            f.receive(notifyFromPeer(5, "terminated;reason=timeout"));
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§4.1.2.1: 423 is retried once with Min-Expires")
        void intervalTooBrief() {
            subscribe(30);
            f.receive(answer(subscribe, 423).header("Min-Expires", "60").build());
            SipRequest again = f.wire.lastRequest(SipMethod.SUBSCRIBE);
            assertThat(again.header("Expires")).contains("60");
            assertThat(again.cseq().number()).isEqualTo(2);
            f.receive(answer(again, 423).header("Min-Expires", "120").build());
            assertThat(sub.response().join()).isEqualTo(423);
            f.drainAndAssertIdle();
        }
    }

    @Nested
    @DisplayName("notifier (§4.2) with message-summary (RFC 3842)")
    class Notifier {
        final MessageSummaryPackage mwi = new MessageSummaryPackage();

        int subscribes;

        SipRequest peerSubscribe(String event, String expires) {
            return f.outOfDialog(SipMethod.SUBSCRIBE, b -> {
                b.callId("s" + (++subscribes) + "-" + f.callId).header("Contact", SessionFixture.PEER_CONTACT);
                if (event != null) {
                    b.header("Event", event);
                }
                if (expires != null) {
                    b.header("Expires", expires);
                }
            });
        }

        SipRequest inDialog(SipResponse ok, long cseq, String expires) {
            return f.inDialog(SipMethod.SUBSCRIBE, cseq, ok, b -> b.header("Event", MWI).header("Expires", expires)
                    .header("Contact", SessionFixture.PEER_CONTACT));
        }

        @Test
        @DisplayName("200 with Expires, NOTIFY with the state, NOTIFY on change, terminated on unsubscribe")
        void lifecycle() {
            f.sessions.extensions().addEventPackage(mwi);
            f.receive(peerSubscribe(MWI, "3600"));
            SipResponse ok = f.wire.lastResponse(SipMethod.SUBSCRIBE);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.header("Expires")).contains("3600");
            assertThat(ok.to().tag()).isNotBlank();
            assertThat(ok.contacts()).hasSize(1);
            SipRequest first = f.wire.lastRequest(SipMethod.NOTIFY);
            assertThat(first.header("Event")).contains(MWI);
            assertThat(first.header("Subscription-State")).contains("active;expires=3600");
            assertThat(first.contentType()).contains(MessageSummaryPackage.CONTENT_TYPE);
            assertThat(first.bodyText()).isEqualTo("Messages-Waiting: no\r\n");
            assertThat(first.to().tag()).isEqualTo(SessionFixture.PEER_TAG);
            assertThat(first.from().tag()).isEqualTo(ok.to().tag());

            mwi.set("sip:dialtone@127.0.0.1", MessageSummary.voice(null, 2, 8, 0, 2));
            f.time.runPending();
            assertThat(f.wire.requests(SipMethod.NOTIFY)).as("waits for the first NOTIFY's answer").hasSize(1);
            f.receive(answer(first, 200).build());
            SipRequest second = f.wire.lastRequest(SipMethod.NOTIFY);
            assertThat(second.bodyText()).isEqualTo("Messages-Waiting: yes\r\nVoice-Message: 2/8 (0/2)\r\n");
            f.receive(answer(second, 200).build());

            f.receive(inDialog(ok, 2, "0"));
            assertThat(f.wire.lastResponse(SipMethod.SUBSCRIBE).statusCode()).isEqualTo(200);
            SipRequest last = f.wire.lastRequest(SipMethod.NOTIFY);
            assertThat(last.header("Subscription-State")).contains("terminated;reason=timeout");
            f.receive(answer(last, 200).build());
            assertThat(f.sessions.extensions().activeSubscriptions()).isZero();
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§4.2.1.1: unknown or missing Event gets 489 with Allow-Events")
        void badEvent() {
            f.sessions.extensions().addEventPackage(mwi);
            f.receive(peerSubscribe("presence", "600"));
            f.receive(peerSubscribe(null, "600"));
            assertThat(f.wire.statuses(SipMethod.SUBSCRIBE)).containsExactly(489, 489);
            assertThat(f.wire.lastResponse(SipMethod.SUBSCRIBE).header("Allow-Events")).contains(MWI);
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§4.2.1.1: too brief gets 423 with Min-Expires; too long is cut")
        void expiresBounds() {
            f.sessions.extensions().addEventPackage(mwi);
            f.receive(peerSubscribe(MWI, "10"));
            SipResponse brief = f.wire.lastResponse(SipMethod.SUBSCRIBE);
            assertThat(brief.statusCode()).isEqualTo(423);
            assertThat(brief.header("Min-Expires")).contains("60");
            f.receive(peerSubscribe(MWI, "999999"));
            assertThat(f.wire.lastResponse(SipMethod.SUBSCRIBE).header("Expires")).contains("86400");
            f.receive(answer(f.wire.lastRequest(SipMethod.NOTIFY), 481).build()); // the subscriber is gone
            assertThat(f.sessions.extensions().activeSubscriptions()).isZero();
            f.drainAndAssertIdle();
        }

        @Test
        @DisplayName("§4.2.2: expiry sends terminated;reason=timeout; a refresh re-arms it")
        void expiryAndRefresh() {
            f.sessions.extensions().addEventPackage(mwi);
            f.receive(peerSubscribe(MWI, "120"));
            SipResponse ok = f.wire.lastResponse(SipMethod.SUBSCRIBE);
            f.receive(answer(f.wire.lastRequest(SipMethod.NOTIFY), 200).build());
            f.advance(100);
            f.receive(inDialog(ok, 2, "120"));
            assertThat(f.wire.lastResponse(SipMethod.SUBSCRIBE).header("Expires")).contains("120");
            SipRequest refreshed = f.wire.lastRequest(SipMethod.NOTIFY);
            assertThat(refreshed.header("Subscription-State")).contains("active;expires=120");
            f.receive(answer(refreshed, 200).build());
            f.advance(119);
            assertThat(f.wire.requests(SipMethod.NOTIFY)).hasSize(2);
            f.advance(1);
            SipRequest end = f.wire.lastRequest(SipMethod.NOTIFY);
            assertThat(end.header("Subscription-State")).contains("terminated;reason=timeout");
            f.receive(answer(end, 200).build());
            f.receive(inDialog(ok, 3, "120"));
            assertThat(f.wire.lastResponse(SipMethod.SUBSCRIBE).statusCode()).isEqualTo(481);
            f.drainAndAssertIdle();
        }

        @Test
        void fetchWithExpiresZero() {
            f.sessions.extensions().addEventPackage(mwi);
            f.receive(peerSubscribe(MWI, "0"));
            assertThat(f.wire.lastResponse(SipMethod.SUBSCRIBE).header("Expires")).contains("0");
            SipRequest n = f.wire.lastRequest(SipMethod.NOTIFY);
            assertThat(n.header("Subscription-State")).contains("terminated;reason=timeout");
            f.receive(answer(n, 200).build());
            assertThat(f.sessions.extensions().activeSubscriptions()).isZero();
            f.drainAndAssertIdle();
        }
    }
}
