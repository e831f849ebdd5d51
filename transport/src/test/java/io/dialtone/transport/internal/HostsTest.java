package io.dialtone.transport.internal;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.netty.channel.socket.SocketProtocolFamily;
import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Hosts: sent-by against the source address (§18.2.1); the socket family of a listen address")
class HostsTest {
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            "127.0.0.1,       127.0.0.1,   true",
            "127.0.0.1,       127.0.0.2,   false",
            "192.0.2.10,      192.0.2.10,  true",
            "192.0.2.10,      192.0.2.1,   false",
            "255.255.255.255, 255.255.255.255, true",
            "256.0.0.1,       0.0.0.1,     false",   // out of range: not the same address
            "1..2.3,          1.0.2.3,     false",   // empty part
            "example.com,     127.0.0.1,   false",   // a name never matches
            "[::1],           ::1,         true",
            "::1,             127.0.0.1,   false",
    })
    void sameAddress(String host, String address, boolean same) throws Exception {
        assertThat(Hosts.sameAddress(host, InetAddress.getByName(address))).isEqualTo(same);
    }

    @ParameterizedTest(name = "listening at {0}: {1}")
    @CsvSource({"127.0.0.1, INET", "0.0.0.0, INET", "192.0.2.10, INET", "::1, INET6", "::, INET6"})
    @DisplayName("Hosts.socketFamily: an IPv4 listen address gets an IPv4 socket, not a dual-stack one")
    void socketFamily(String address, SocketProtocolFamily family) throws Exception {
        assertThat(Hosts.socketFamily(InetAddress.getByName(address))).isEqualTo(family);
    }
}
