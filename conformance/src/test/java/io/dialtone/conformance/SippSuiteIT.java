package io.dialtone.conformance;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acceptance: every row of the SIPp conformance suite ({@code src/test/resources/sipp/suite.tsv},
 * run by {@link SuiteRunner}) passes. The rows run first, side by side; then one dynamic test per
 * row reports its result, with its reasons and log directory on failure. The table is written to
 * {@code target/conformance/SippSuiteIT/suite-table.txt} (and this class's failsafe output).
 */
@DisplayName("SIPp conformance suite")
class SippSuiteIT {

    @TestFactory
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    Stream<DynamicTest> everyScenarioPasses() throws Exception {
        Sipp.requireInstalled();
        Path logs = Path.of("target", "conformance", "SippSuiteIT").toAbsolutePath();
        Files.createDirectories(logs);
        List<SuiteRunner.Result> results = SuiteRunner.runAll(SuiteRunner.manifest(), logs,
                SuiteRunner.DEFAULT_PARALLELISM);
        String table = SuiteRunner.table(results);
        Files.writeString(logs.resolve("suite-table.txt"), table);
        System.out.print(table);
        return results.stream().map(r -> DynamicTest.dynamicTest(r.row().scenario() + " (" + r.row().rfc() + ")",
                () -> assertThat(r.problems()).as(r.row().scenario() + " failed; logs " + r.logs()).isEmpty()));
    }
}
