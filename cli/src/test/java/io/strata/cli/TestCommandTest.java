package io.strata.cli;

import io.strata.api.AssetKey;
import io.strata.check.RowDiff;
import io.strata.check.UnitTestResult;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TestCommandTest {
    @Test
    void unitTestResultsPrintOneLineEachAndTheDiffOfAFailedOne() {
        UnitTestResult passed = new UnitTestResult("sums_paid", AssetKey.of("order_totals"),
                Optional.of(RowDiff.compare(List.of("id"), List.of(List.of(1L)), List.of(List.of(1L)))), Optional.empty(), "select 1");
        UnitTestResult failed = new UnitTestResult("counts_open", AssetKey.of("order_totals"),
                Optional.of(RowDiff.compare(List.of("id"), List.of(List.of(1L)), List.of(List.of(2L)))), Optional.empty(), "select 2");
        StringWriter text = new StringWriter();

        TestCommand.printUnit(new PrintWriter(text), List.of(passed, failed));

        assertThat(text.toString()).isEqualTo("""
                  PASS  order_totals.sums_paid
                  FAIL  order_totals.counts_open
                        actual differs from expected (- expected, not returned; + returned, not expected):
                       \s
                          | id
                        - | 1
                        + | 2
                2 unit tests: 1 passed, 1 failed
                """);
    }
}
