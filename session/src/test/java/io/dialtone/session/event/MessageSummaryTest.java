package io.dialtone.session.event;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RFC 3842 §5 application/simple-message-summary")
class MessageSummaryTest {
    @Test
    void parsesTheRfcExample() {
        MessageSummary s = MessageSummary.parse("Messages-Waiting: yes\r\nMessage-Account: sip:alice@vmail.example.com\r\n"
                + "Voice-Message: 2/8 (0/2)\r\n");
        assertThat(s.waiting()).isTrue();
        assertThat(s.account()).isEqualTo("sip:alice@vmail.example.com");
        assertThat(s.countsOf("voice-message")).contains(MessageSummary.Counts.of("voice-message", 2, 8, 0, 2));
    }

    @Test
    void formatsCanonicallyAndRoundTrips() {
        MessageSummary s = new MessageSummary(true, "sip:bob@example.com", List.of(
                MessageSummary.Counts.of("voice-message", 4, 2, 1, 0), MessageSummary.Counts.of("fax-message", 0, 1)));
        String text = s.format();
        assertThat(text).isEqualTo("Messages-Waiting: yes\r\nMessage-Account: sip:bob@example.com\r\n"
                + "Voice-Message: 4/2 (1/0)\r\nFax-Message: 0/1\r\n");
        assertThat(MessageSummary.parse(text)).isEqualTo(s);
    }

    @Test
    void lenientOnCaseSpacesLineEndsAndOptionalHeaders() {
        MessageSummary s = MessageSummary.parse("messages-waiting:NO\nvoice-message:  3 / 1 ( 1 / 0 )\n"
                + "X-Unknown: 7\n\nTo: <sip:alice@example.com>\nVoice-Message: 9/9\n");
        assertThat(s.waiting()).isFalse();
        assertThat(s.counts()).containsExactly(MessageSummary.Counts.of("voice-message", 3, 1, 1, 0));
        assertThat(MessageSummary.none(null).format()).isEqualTo("Messages-Waiting: no\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Voice-Message: 1/2\r\n", "Messages-Waiting: maybe\r\n",
            "Messages-Waiting: yes\r\nVoice-Message: 1\r\n", "Messages-Waiting: yes\r\nVoice-Message: a/2\r\n",
            "Messages-Waiting: yes\r\nVoice-Message: 1/2 (0/1\r\n", "Messages-Waiting: yes\r\nno colon\r\n"})
    void malformedBodiesAreRefused(String body) {
        assertThatThrownBy(() -> MessageSummary.parse(body)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePackageReportsNoneUntilSetAndTellsListeners() {
        MessageSummaryPackage p = new MessageSummaryPackage();
        List<String> changed = new java.util.ArrayList<>();
        p.addChangeListener(changed::add);
        assertThat(new String(p.state("sip:alice@example.com"))).isEqualTo("Messages-Waiting: no\r\n");
        p.set("sip:alice@example.com", MessageSummary.voice(null, 1, 0, 0, 0));
        assertThat(changed).containsExactly("sip:alice@example.com");
        assertThat(new String(p.state("sip:alice@example.com"))).startsWith("Messages-Waiting: yes\r\n");
        assertThat(EventPackage.resourceOf(io.dialtone.message.SipUri.parse("sip:Alice@Example.COM:5070;transport=tcp")))
                .isEqualTo("sip:Alice@example.com");
    }
}
