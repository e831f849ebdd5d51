package io.dialtone.message;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.dialtone.message.Messages.INVITE;
import static io.dialtone.message.Messages.minimal;
import static io.dialtone.message.Messages.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allocation-free lookups a UAS makes per call give the answers of the list- and Optional-based
 * ones they replace (RFC 3261 §7.3.1 lists and parameters, §8.2.6.2 copied headers and the To tag).
 */
@DisplayName("RFC 3261 §7.3.1, §8.2.6.2: lookups on the per-call path")
class HotPathLookupTest {

    @Nested
    @DisplayName("Parameters.value and has (§7.3.1 generic-param)")
    class ParameterLookup {
        private final Parameters p = Parameters.parse(";Branch=z9hG4bK1 ; lr ;received = 192.0.2.1;x=\"a;b\"", "Via");

        @Test
        void valueIsCaseInsensitiveAndNullForFlagsAndAbsentNames() {
            assertThat(p.value("branch")).isEqualTo("z9hG4bK1");
            assertThat(p.value("RECEIVED")).isEqualTo("192.0.2.1");
            assertThat(p.value("x")).isEqualTo("\"a;b\"");
            assertThat(p.value("lr")).isNull();
            assertThat(p.has("lr")).isTrue();
            assertThat(p.value("maddr")).isNull();
            assertThat(p.has("maddr")).isFalse();
        }

        @Test
        void getIsTheOptionalFormOfValue() {
            assertThat(p.get("branch")).hasValue("z9hG4bK1");
            assertThat(p.get("lr")).isEmpty();
            assertThat(p.get("maddr")).isEmpty();
        }

        @Test
        void parsingTrimsNamesAndValuesAsBefore() {
            assertThat(p.asList()).extracting(Parameters.Param::name).containsExactly("Branch", "lr", "received", "x");
            assertThat(p.toString()).isEqualTo(";Branch=z9hG4bK1;lr;received=192.0.2.1;x=\"a;b\"");
        }
    }

    @Nested
    @DisplayName("SipMessage.lists (§7.3.1 comma-separated elements)")
    class Lists {
        private final SipRequest r = request(minimal("Max-Forwards: 70\r\n"
                + "Supported: timer , 100REL,,\r\n"
                + "k: replaces\r\n"
                + "X-Quoted: \"a, b\", <sip:c@d;x=\"e,f\">, g\r\n"
                + "X-Folded: one,\r\n two\r\n"
                + "X-Utf8: caf\u00e9, K"));

        @ParameterizedTest
        @CsvSource({
                "Supported, timer, true", "Supported, 100rel, true", "supported, REPLACES, true",
                "Supported, time, false", "Supported, '', false", "Require, timer, false",
                "X-Quoted, b\", false", "X-Quoted, g, true", "X-Quoted, '\"a, b\"', true",
                "X-Quoted, 'e', false", "X-Folded, two, true", "X-Folded, one, true",
                "X-Utf8, CAF\u00c9, true", "X-Utf8, k, true", "X-Utf8, \u212a, true"})
        void matchesWhatSplittingTheValuesFinds(String name, String option, boolean expected) {
            assertThat(r.lists(name, option)).isEqualTo(expected);
            boolean bySplitting = r.headerList(name).stream().anyMatch(e -> e.equalsIgnoreCase(option));
            assertThat(bySplitting).as("the list-based answer").isEqualTo(expected);
        }

        @Test
        void aBuiltMessageListsTheSame() {
            SipResponse ok = SipResponse.to(request(INVITE), 200).toTag("t").header(HeaderNames.SUPPORTED, " timer,  replaces ").build();
            assertThat(ok.lists(HeaderNames.SUPPORTED, "replaces")).isTrue();
            assertThat(ok.lists("k", "TIMER")).isTrue();
            assertThat(ok.lists(HeaderNames.SUPPORTED, "100rel")).isFalse();
        }
    }

    @Nested
    @DisplayName("SipMessage.headerValue")
    class HeaderValue {
        @Test
        void firstValueEitherFormOrNull() {
            SipRequest r = request(INVITE);
            assertThat(r.headerValue("Content-Type")).isEqualTo("application/sdp");
            assertThat(r.headerValue("c")).isEqualTo("application/sdp");
            assertThat(r.headerValue("route")).isEqualTo("<sip:p1.example.com;lr>, <sip:p2.example.com;lr>");
            assertThat(r.headerValue("Subject")).isNull();
            assertThat(r.header("Subject")).isEmpty();
            assertThat(r.header("Min-SE")).hasValue("90");
        }

        @Test
        void builtMessageKeepsTheValueAsGiven() {
            SipResponse ok = SipResponse.to(request(INVITE), 200).toTag("t").header("X-A", " padded ").build();
            assertThat(ok.headerValue("x-a")).isEqualTo(" padded ");
            assertThat(ok.headerValue("X-B")).isNull();
        }

        @Test
        void routeListsOfAMessageWithoutThemAreEmptyAndMutable() {
            SipRequest r = request(minimal(""));
            assertThat(r.recordRoutes()).isEmpty();
            r.routes().add(NameAddr.of(SipUri.of(null, "p.example.com", -1))); // callers may add to the list
        }
    }

    @Test
    void parsedHeaderNamesWrittenCanonicallyAreTheSharedConstants() {
        SipRequest r = request(minimal("Max-Forwards: 70\r\nv: SIP/2.0/TCP b.example.com;branch=z9hG4bKb\r\nCONTACT: <sip:a@b>"));
        assertThat(r.headers().get(0).name()).isSameAs(HeaderNames.VIA);
        assertThat(r.headers().get(3).name()).isSameAs(HeaderNames.CALL_ID);
        assertThat(r.headers()).extracting(HeaderField::name)
                .containsExactly("Via", "To", "From", "Call-ID", "CSeq", "Max-Forwards", "v", "CONTACT");
    }

    @Nested
    @DisplayName("§8.1.1.7 the top Via")
    class TopVia {
        @Test
        void isTheFirstElementOfTheFirstViaFieldAndTheSameInstanceEachTime() {
            SipRequest r = request(minimal("Max-Forwards: 70").replace(
                    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
                    "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bKp1;x=\"a,b\", SIP/2.0/TCP p2.example.com;branch=z9hG4bKp2\r\n"
                            + "v: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds"));
            Via top = r.topVia();
            assertThat(top.host()).isEqualTo("p1.example.com");
            assertThat(top.params().value("x")).isEqualTo("\"a,b\"");
            assertThat(r.topVia()).isSameAs(top);
            assertThat(r.vias()).hasSize(3).first().isEqualTo(top);
            assertThat(r.topVia()).isSameAs(top);
        }

        @Test
        void afterViasItIsTheirFirst() {
            SipRequest r = request(INVITE);
            assertThat(r.topVia()).isSameAs(r.topVia()).isEqualTo(r.vias().get(0));
            SipRequest s = request(INVITE);
            assertThat(s.vias().get(0)).isSameAs(s.topVia());
        }
    }

    @Nested
    @DisplayName("§8.2.6.2 the copied headers and the To tag")
    class CopiedHeaders {
        @Test
        void responsesCopyViaFromToCallIdCSeqInOrder() {
            SipRequest r = request(INVITE);
            SipResponse ok = SipResponse.to(r, 200).build();
            assertThat(ok.headers()).extracting(HeaderField::name)
                    .containsExactly("Via", "From", "To", "Call-ID", "CSeq", "Content-Length");
            assertThat(ok.headerValue("From")).isEqualTo(r.from().toString());
            assertThat(ok.headerValue("To")).isEqualTo(r.to().toString());
            assertThat(ok.cseq()).isEqualTo(r.cseq());
            assertThat(ok.headerValues("Via")).isEqualTo(r.headerValues("Via"));
            assertThat(r.responseHeaders()).isSameAs(r.responseHeaders()); // formatted once per request
        }

        @Test
        void toTagOnTheCopiedToEqualsTagOnTheParsedTo() {
            SipRequest r = request(INVITE);
            String fast = SipResponse.to(r, 180).toTag("a6c85cf").build().headerValue("To");
            String parsed = SipResponse.to(r, 180).set(HeaderNames.TO, r.headerValue("To")).toTag("a6c85cf")
                    .build().headerValue("To"); // a field the builder did not copy: parsed again
            assertThat(fast).isEqualTo(parsed).isEqualTo(r.to().withTag("a6c85cf").toString());
        }

        @Test
        void toTagReplacesATagTheRequestHadAndNullMakesAFlag() {
            SipRequest r = request(minimal("").replace("To: <sip:bob@biloxi.example.com>",
                    "To: <sip:bob@biloxi.example.com>;tag=old;x=1"));
            assertThat(SipResponse.to(r, 200).toTag("new").build().headerValue("To"))
                    .isEqualTo("<sip:bob@biloxi.example.com>;tag=new;x=1");
            assertThat(SipResponse.to(request(INVITE), 200).toTag(null).build().headerValue("To"))
                    .isEqualTo("Bob <sip:bob@biloxi.example.com>;tag");
        }
    }
}
