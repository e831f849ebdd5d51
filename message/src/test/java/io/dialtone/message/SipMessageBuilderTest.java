package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.dialtone.message.Messages.INVITE;
import static io.dialtone.message.Messages.SDP;
import static io.dialtone.message.Messages.minimal;
import static io.dialtone.message.Messages.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RFC 3261 §8.1.1, §8.2.6: building requests and responses")
class SipMessageBuilderTest {

    private static final SipUri BOB = SipUri.of("bob", "biloxi.example.com", -1);

    private static SipRequest.Builder minimalBuilder() {
        return SipRequest.builder(SipMethod.OPTIONS, BOB)
                .addVia(Via.of("UDP", "a.example.com", -1, "z9hG4bK1"))
                .from(NameAddr.of(SipUri.of("alice", "atlanta.example.com", -1)).withTag("f"))
                .to(NameAddr.of(BOB))
                .callId("c1")
                .cseq(1, SipMethod.OPTIONS)
                .maxForwards(70);
    }

    @Nested
    @DisplayName("§8.1.1 requests")
    class Requests {
        @Test
        void typedSettersSetTheFields() {
            SipRequest r = SipSerializerTest.builtInvite();
            assertThat(r.method()).isEqualTo("INVITE");
            assertThat(r.requestUri()).isEqualTo(BOB);
            assertThat(r.topVia().transport()).isEqualTo("UDP");
            assertThat(r.topVia().branch()).isEqualTo("z9hG4bKabc");
            assertThat(r.topVia().hasRport()).isTrue();
            assertThat(r.from().tag()).isEqualTo("t1");
            assertThat(r.to().tag()).isNull();
            assertThat(r.callId()).isEqualTo("cid@atlanta");
            assertThat(r.cseq()).isEqualTo(new CSeq(4711, "INVITE"));
            assertThat(r.maxForwards()).isEqualTo(70);
            assertThat(r.contacts()).singleElement().extracting(c -> c.uri().transportParam()).isEqualTo("udp");
            assertThat(r.routes()).singleElement().extracting(c -> c.uri().looseRouting()).isEqualTo(true);
            assertThat(r.sessionExpires()).hasValue(SessionExpires.of(1800, "uac"));
            assertThat(r.contentType()).hasValue("application/sdp");
            assertThat(r.bodyText()).isEqualTo(SDP);
        }

        @Test
        void setReplacesEveryFieldAtTheFirstPosition() {
            SipRequest r = minimalBuilder().header("X-A", "1").header("x-a", "2").header("X-B", "3")
                    .set("X-A", "9").build();
            assertThat(r.headers()).extracting(HeaderField::name).containsSubsequence("X-A", "X-B");
            assertThat(r.headerValues("X-A")).containsExactly("9");
        }

        @Test
        void setMatchesCompactForms() {
            SipRequest r = request(minimal("k: timer")).toBuilder().set(HeaderNames.SUPPORTED, "100rel").build();
            assertThat(r.headerValues("Supported")).containsExactly("100rel");
        }

        @Test
        void removeDropsEveryField() {
            SipRequest r = request(INVITE).toBuilder().remove("route").remove("session-expires").build();
            assertThat(r.routes()).isEmpty();
            assertThat(r.sessionExpires()).isEmpty();
        }

        @Test
        void routesReplaceAndEmptyListRemoves() {
            SipRequest r = request(INVITE).toBuilder()
                    .routes(List.of(NameAddr.of(SipUri.of(null, "x.example.com", -1)),
                            NameAddr.of(SipUri.of(null, "y.example.com", -1))))
                    .recordRoutes(List.of(NameAddr.of(SipUri.of(null, "rr.example.com", -1))))
                    .build();
            assertThat(r.routes()).extracting(n -> n.uri().host()).containsExactly("x.example.com", "y.example.com");
            assertThat(r.recordRoutes()).hasSize(1);
            assertThat(r.toBuilder().routes(List.of()).build().routes()).isEmpty();
        }

        @Test
        @DisplayName("§8.1.1.7, §16.6: addVia puts the new Via above all others")
        void addViaPrepends() {
            SipRequest r = request(minimal("Via: SIP/2.0/TCP second.example.com;branch=z9hG4bK2")).toBuilder()
                    .addVia(Via.of("TCP", "top.example.com", 5080, "z9hG4bKtop")).build();
            assertThat(r.vias()).extracting(Via::host)
                    .containsExactly("top.example.com", "pc33.atlanta.example.com", "second.example.com");
            assertThat(r.headers().get(0).name()).isEqualTo("Via");
        }

        @Test
        @DisplayName("§18.2.1: topVia replaces only the first Via element")
        void topViaReplacesOnlyFirstElement() {
            SipRequest in = request(minimal("").replace("branch=z9hG4bK776asdhds",
                    "branch=z9hG4bK1, SIP/2.0/UDP second.example.com;branch=z9hG4bK2"));
            Via top = in.topVia().withReceived("192.0.2.7").withRport(5099);
            SipRequest r = in.toBuilder().topVia(top).build();
            assertThat(r.vias()).hasSize(2);
            assertThat(r.topVia()).isEqualTo(top);
            assertThat(r.topVia().received()).isEqualTo("192.0.2.7");
            assertThat(r.topVia().rport()).hasValue(5099);
            assertThat(r.vias().get(1)).isEqualTo(in.vias().get(1));
            assertThat(r.headerValues("Via")).hasSize(1);
        }

        @Test
        void topViaWithoutViaAdds() {
            SipRequest r = minimalBuilder().remove("Via").topVia(Via.of("UDP", "h.example.com", -1, "z9hG4bKn")).build();
            assertThat(r.vias()).singleElement().extracting(Via::host).isEqualTo("h.example.com");
        }

        @Test
        void viasReplacesAll() {
            SipRequest r = request(INVITE).toBuilder()
                    .vias(List.of(Via.of("UDP", "a.example.com", -1, "z9hG4bKa"), Via.of("UDP", "b.example.com", -1, "z9hG4bKb")))
                    .build();
            assertThat(r.vias()).extracting(Via::host).containsExactly("a.example.com", "b.example.com");
        }

        @Test
        void contentLengthAlwaysEqualsBodyLength() {
            SipRequest r = minimalBuilder().header("Content-Length", "999").body("text/plain", "héllo").build();
            assertThat(r.headerValues("Content-Length")).containsExactly("6");
            assertThat(r.body()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8));
            SipRequest none = r.toBuilder().noBody().build();
            assertThat(none.headerValues("l")).containsExactly("0");
            assertThat(none.contentType()).isEmpty();
            assertThat(none.hasBody()).isFalse();
        }

        @Test
        void compactContentLengthIsReplacedToo() {
            SipRequest r = request(minimal("l: 0")).toBuilder().body("text/plain", "abc").build();
            assertThat(r.headerValues("Content-Length")).containsExactly("3");
        }

        @Test
        void bodyArrayIsCopied() {
            byte[] content = {1, 2, 3};
            SipRequest r = minimalBuilder().body("application/octet-stream", content).build();
            content[0] = 9;
            assertThat(r.body()).containsExactly(1, 2, 3);
        }

        @Test
        void toBuilderRoundTripIsEqual() {
            SipRequest in = request(INVITE);
            SipRequest out = in.toBuilder().build();
            assertThat(out.headers()).isEqualTo(in.headers());
            assertThat(out.body()).isEqualTo(in.body());
            assertThat(out.toBytes()).isEqualTo(in.toBytes());
            SipRequest changed = in.toBuilder().method(SipMethod.UPDATE).requestUri(BOB.withUser("carol"))
                    .cseq(2, SipMethod.UPDATE).build();
            assertThat(changed.startLine()).isEqualTo("UPDATE sip:carol@biloxi.example.com SIP/2.0");
            assertThat(in.method()).isEqualTo("INVITE");
        }

        @ParameterizedTest(name = "without {0}")
        @ValueSource(strings = {"Via", "From", "To", "Call-ID", "CSeq"})
        void buildRequiresMandatoryHeaders(String header) {
            assertThatThrownBy(() -> minimalBuilder().remove(header).build())
                    .isInstanceOfSatisfying(SipParseException.class, e -> {
                        assertThat(e.header()).isEqualTo(header);
                        assertThat(e.offset()).isEqualTo(-1);
                    });
        }

        @Test
        @DisplayName("CR/LF in a header value cannot inject header lines")
        void rejectsLineBreakInHeaderValue() {
            assertThatThrownBy(() -> minimalBuilder().header("X-Evil", "a\r\nVia: SIP/2.0/UDP evil"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> minimalBuilder().header("Bad Name", "x"))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void rejectsInvalidMethod() {
            assertThatThrownBy(() -> minimalBuilder().method("IN VITE").build())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("§8.2.6 responses")
    class Responses {
        @Test
        void copiesViaFromToCallIdCSeqAndSetsReason() {
            SipRequest req = request(minimal("v: SIP/2.0/TCP p2.example.com;branch=z9hG4bK9;received=192.0.2.9")
                    .replace("branch=z9hG4bK776asdhds", "branch=z9hG4bK776asdhds, SIP/2.0/UDP p1.example.com;branch=z9hG4bK8"));
            SipResponse r = SipResponse.to(req, 180).build();
            assertThat(r.statusCode()).isEqualTo(180);
            assertThat(r.reasonPhrase()).isEqualTo("Ringing");
            assertThat(r.vias()).isEqualTo(req.vias());
            assertThat(r.headerValues("Via")).isEqualTo(req.headerValues("Via"));
            assertThat(r.from()).isEqualTo(req.from());
            assertThat(r.to()).isEqualTo(req.to());
            assertThat(r.callId()).isEqualTo(req.callId());
            assertThat(r.cseq()).isEqualTo(req.cseq());
            assertThat(r.maxForwards()).isEqualTo(-1);
            assertThat(r.header("Content-Length")).hasValue("0");
            assertThat(r.startLine()).isEqualTo("SIP/2.0 180 Ringing");
        }

        @Test
        void aResponseStillStartingWithTheCopiedViaSharesTheRequestsParsedTopVia() {
            SipRequest req = request(minimal("v: SIP/2.0/TCP p2.example.com;branch=z9hG4bK9;received=192.0.2.9")
                    .replace("branch=z9hG4bK776asdhds", "branch=z9hG4bK776asdhds, SIP/2.0/UDP p1.example.com;branch=z9hG4bK8"));
            SipResponse same = SipResponse.to(req, 200).toTag("t").build();
            assertThat(same.topVia()).isSameAs(req.topVia());
            assertThat(same.compact().topVia()).isEqualTo(req.topVia());                // parsed again: the same value

            Via other = Via.of("UDP", "elsewhere.example.com", 5070, "z9hG4bKx");
            SipResponse changed = SipResponse.to(req, 200).topVia(other).build();
            assertThat(changed.topVia()).isEqualTo(other);
            SipResponse prepended = SipResponse.to(req, 200).addVia(other).build();
            assertThat(prepended.topVia().host()).isEqualTo(prepended.vias().get(0).host());
        }

        @Test
        void toTagAddsThenReplaces() {
            SipRequest req = request(INVITE);
            SipResponse r = SipResponse.to(req, 200).toTag("a").toTag("b").build();
            assertThat(r.to().tag()).isEqualTo("b");
            assertThat(r.to().displayName()).isEqualTo("Bob");
            assertThat(r.to().params().asList()).hasSize(1);
            assertThat(req.to().tag()).isNull();
        }

        @Test
        void toTagWithoutToIsIllegalState() {
            assertThatThrownBy(() -> SipResponse.builder(200, "OK").toTag("x")).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void statusSetsDefaultReasonAndReasonOverrides() {
            SipRequest req = request(INVITE);
            assertThat(SipResponse.to(req, 180).status(486).build().reasonPhrase()).isEqualTo("Busy Here");
            assertThat(SipResponse.to(req, 486).reason("Gone Fishing").build().reasonPhrase()).isEqualTo("Gone Fishing");
            assertThat(SipResponse.to(req, 499).build().reasonPhrase()).isEqualTo("Client Error");
        }

        @Test
        void toBuilderRoundTrip() {
            SipResponse r = SipResponse.to(request(INVITE), 200).toTag("x").body("application/sdp", SDP).build();
            SipResponse again = r.toBuilder().build();
            assertThat(again.toBytes()).isEqualTo(r.toBytes());
            assertThat(again.body()).isEqualTo(r.body());
        }

        @ParameterizedTest
        @ValueSource(ints = {99, 700, 0, -1})
        void rejectsStatusOutOfRange(int code) {
            assertThatThrownBy(() -> SipResponse.to(request(INVITE), code).build()).isInstanceOf(SipParseException.class);
        }

        @Test
        void rejectsLineBreakInReason() {
            assertThatThrownBy(() -> SipResponse.to(request(INVITE), 200).reason("OK\r\nVia: x").build())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
