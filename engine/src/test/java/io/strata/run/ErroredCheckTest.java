package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.branch.Branches;
import io.strata.branch.MemoryBranches;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.InstantEngine;
import io.strata.project.Relation;
import io.strata.select.Selector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A check whose query the engine refuses is an error of the check, not a count of failing rows, and it fails the run. */
class ErroredCheckTest {
    private static final String REFUSED = "Query failed (#20250101_000000_00001_abcde): line 3:60: Cannot find common type between bigint and varchar";

    @TempDir
    Path root;

    /** Builds at once and says every relation exists, but refuses every query: each check's query fails. */
    private static final class RefusingEngine extends InstantEngine {
        @Override
        public Connection connect(String branch) {
            return jdbc(Connection.class, jdbc(Statement.class, null));
        }

        @Override
        public boolean exists(String branch, Relation relation) {
            return true;
        }

        /** A JDBC object that closes quietly, creates {@code statement} when it has one, and refuses everything else as Trino would. */
        private static <T> T jdbc(Class<T> type, Statement statement) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, arguments) -> {
                if (method.getName().equals("close")) {
                    return null;
                }
                if (method.getName().equals("createStatement") && statement != null) {
                    return statement;
                }
                throw new SQLException(REFUSED);
            }));
        }
    }

    private TestProject project() {
        return TestProject.in(root)
                .file("models/trips.sql", "select 20 as speed")
                .file("models/stations.sql", "select 1 as id")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: trips
                            columns:
                              - name: speed
                                tests:
                                  - accepted_values: {values: ['20', '40']}
                                  - not_null: {config: {severity: warn}}
                        """)
                .file("tests/no_duplicate_stations.sql", "select id from {{ ref('stations') }} group by id having count(*) > 1");
    }

    @Test
    void aCheckWhoseQueryFailsCarriesTheEnginesMessageAndFailsTheRunWhateverItsSeverity() {
        RunResult result;
        try (Compiler compiler = project().compiler()) {
            result = new Runner(compiler, new RefusingEngine(), new MemoryBranches(), Optional.empty()).run(
                    RunRequest.builder(Selector.all()).threads(1).retries(new RetryPolicy(1, Duration.ofMillis(1))).build(), new RunListener() {
                    });
        }

        List<CheckResult> checks = result.assets().stream().filter(asset -> asset.key().equals(AssetKey.of("trips"))).findFirst().orElseThrow().checks();
        assertThat(checks).extracting(CheckResult::name).containsExactly("accepted_values_trips_speed", "not_null_trips_speed");
        assertThat(checks).allSatisfy(check -> {
            assertThat(check.error()).contains(REFUSED);
            assertThat(check.outcome()).as("a warn test that cannot run fails, as in dbt").isEqualTo(CheckOutcome.FAIL);
            assertThat(check.failures()).isNotNegative();
        });
        assertThat(result.singularChecks()).singleElement().satisfies(test -> {
            assertThat(test.name()).isEqualTo("no_duplicate_stations");
            assertThat(test.error()).contains(REFUSED);
            assertThat(test.failures()).isNotNegative();
        });
        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.KEPT);
        assertThat(result.reason().orElseThrow()).contains("check accepted_values_trips_speed errored: " + REFUSED).doesNotContain("-1");
    }

    @Test
    void strataTestReportsAnErroredCheckInsteadOfStopping() throws SQLException {
        CompiledProject compiled = project().compile();

        List<CheckResult> results = CheckSuite.run(new RefusingEngine(), Branches.MAIN, compiled, List.of(AssetKey.of("trips"), AssetKey.of("stations")));

        assertThat(results).extracting(CheckResult::name)
                .containsExactly("accepted_values_trips_speed", "not_null_trips_speed", "no_duplicate_stations");
        assertThat(results).allSatisfy(check -> {
            assertThat(check.error()).contains(REFUSED);
            assertThat(check.failures()).isNotNegative();
        });
        assertThat(CheckSuite.passed(results)).isFalse();
    }
}
