package io.dialtone.client.cli;

import io.dialtone.message.NameAddr;
import io.dialtone.message.SipMethod;
import io.dialtone.message.SipRequest;
import io.dialtone.message.SipUri;
import io.dialtone.message.Via;
import io.dialtone.message.header.Challenge;
import io.dialtone.message.header.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthOptionsTest {
    @TempDir
    Path dir;

    private final CommandLine serve = new CommandLine(new ServeCommand());

    private static SipRequest invite() {
        return SipRequest.builder(SipMethod.INVITE, SipUri.of("service", "127.0.0.1", 5060))
                .addVia(Via.of("UDP", "127.0.0.1", 5070, "z9hG4bKcli1")).maxForwards(70)
                .from(NameAddr.of(SipUri.of("alice", "127.0.0.1", 5070)).withTag("a")).to(NameAddr.of(SipUri.of("service", "127.0.0.1", 5060)))
                .callId("cli@127.0.0.1").cseq(1, SipMethod.INVITE).build();
    }

    @Test
    void serverOffersTheListedAlgorithmsInOrder() throws IOException {
        Path pw = Files.writeString(dir.resolve("pw"), "s3cret\n");
        var server = AuthOptions.server("r", "alice", List.of("MD5", " SHA-512-256"), pw, serve);
        assertThat(server.challenge(invite(), false, false).toTag("t").build().typedList(Headers.WWW_AUTHENTICATE))
                .extracting(Challenge::algorithm).containsExactly("MD5", "SHA-512-256");
        assertThat(server.realm()).isEqualTo("r");
    }

    @Test
    void anUnknownAlgorithmIsAUsageError() throws IOException {
        Path pw = Files.writeString(dir.resolve("pw"), "s3cret\n");
        assertThatThrownBy(() -> AuthOptions.server("r", "alice", List.of("SHA-1"), pw, serve))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("SHA-1");
    }

    @Test
    void credentialsHoldTheUserAndTheFilesPassword() throws IOException {
        Path pw = Files.writeString(dir.resolve("pw"), "s3cret\n");
        var creds = AuthOptions.credentials("alice", pw, serve).credentialsFor("any realm").orElseThrow();
        assertThat(creds.username()).isEqualTo("alice");
        assertThat(creds.password()).isEqualTo("s3cret");
    }
}
