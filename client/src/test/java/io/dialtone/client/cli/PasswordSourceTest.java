package io.dialtone.client.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordSourceTest {
    @TempDir
    Path dir;

    @Test
    void theEnvironmentVariableGivesThePassword() {
        assertThat(PasswordSource.read(null, Map.of("DIALTONE_PASSWORD", "s3cret"))).isEqualTo("s3cret");
    }

    @Test
    void theFirstLineOfTheFileWinsOverTheEnvironment() throws IOException {
        Path file = Files.writeString(dir.resolve("pw"), "from file\r\nsecond line\n", StandardCharsets.UTF_8);
        assertThat(PasswordSource.read(file, Map.of("DIALTONE_PASSWORD", "from env"))).isEqualTo("from file");
    }

    @Test
    void neitherIsAClearError() {
        assertThatThrownBy(() -> PasswordSource.read(null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DIALTONE_PASSWORD").hasMessageContaining("--password-file");
        assertThatThrownBy(() -> PasswordSource.read(null, Map.of("DIALTONE_PASSWORD", "")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnreadableOrEmptyFileIsAnErrorThatNeverShowsAPassword() throws IOException {
        assertThatThrownBy(() -> PasswordSource.read(dir.resolve("missing"), Map.of("DIALTONE_PASSWORD", "s3cret")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing").hasMessageNotContaining("s3cret");
        Path empty = Files.writeString(dir.resolve("empty"), "\nlater", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PasswordSource.read(empty, Map.of())).hasMessageContaining("empty first line");
    }

    @Test
    void asAUsageErrorItIsAParameterException() {
        CommandLine cmd = new CommandLine(new CallCommand());
        assertThatThrownBy(() -> PasswordSource.read(dir.resolve("missing"), cmd))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--password-file");
    }
}
