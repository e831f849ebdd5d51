package io.dialtone.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("RFC 3264 §6.1 / RFC 8866 §6.7 direction attributes")
class MediaDirectionTest {

    @ParameterizedTest
    @CsvSource({"SENDRECV, SENDRECV", "SENDONLY, RECVONLY", "RECVONLY, SENDONLY", "INACTIVE, INACTIVE"})
    void reverse(MediaDirection d, MediaDirection reversed) {
        assertThat(d.reverse()).isEqualTo(reversed);
        assertThat(reversed.reverse()).isEqualTo(d);
    }

    @ParameterizedTest
    @EnumSource(MediaDirection.class)
    void attributeNameRoundTrips(MediaDirection d) {
        assertThat(MediaDirection.fromAttribute(d.attributeName())).contains(d);
        assertThat(MediaDirection.of(d.sends(), d.receives())).isEqualTo(d);
    }

    @Test
    void unknownAttributeIsNotADirection() {
        assertThat(MediaDirection.fromAttribute("rtcp-mux")).isEmpty();
    }

    @Test
    void withDirectionReplacesInPlace() {
        MediaDescription m = MediaDescription.builder("audio", 4000, "RTP/AVP").payloadTypes(0)
                .property("sendrecv").ptime(20).property("inactive").build();
        assertThat(m.withDirection(MediaDirection.SENDONLY).attributes())
                .containsExactly(Attribute.property("sendonly"), Attribute.of("ptime", "20"));
        assertThat(m.withAttributes(List.of()).withDirection(MediaDirection.INACTIVE).direction()).isEqualTo(MediaDirection.INACTIVE);
    }
}
