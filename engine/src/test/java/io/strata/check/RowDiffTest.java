package io.strata.check;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RowDiffTest {
    private static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    @Test
    void rowsCompareAsMultisetsInAnyOrder() {
        RowDiff diff = RowDiff.compare(List.of("id", "name"),
                List.of(row(1L, "a"), row(2L, "b"), row(2L, "b")),
                List.of(row(2L, "b"), row(1L, "a"), row(2L, "b")));

        assertThat(diff.matches()).isTrue();
        assertThat(diff.table()).isEqualTo("actual matches expected");
    }

    @Test
    void aDuplicateRowCounts() {
        RowDiff diff = RowDiff.compare(List.of("id"), List.of(row(1L), row(1L)), List.of(row(1L)));

        assertThat(diff.matches()).isFalse();
        assertThat(diff.missing()).containsExactly(List.of("1"));
        assertThat(diff.unexpected()).isEmpty();
    }

    @Test
    void numbersCompareByValueAndTimesByTheirIsoText() {
        RowDiff diff = RowDiff.compare(List.of("amount", "day", "at", "flag", "note"),
                List.of(row(new BigDecimal("10.50"), LocalDate.of(2024, 1, 31), "2024-01-31 10:00:00", true, null)),
                List.of(row(10.5, java.sql.Date.valueOf("2024-01-31"), Timestamp.valueOf(LocalDateTime.of(2024, 1, 31, 10, 0)), Boolean.TRUE, null)));

        assertThat(diff.matches()).isTrue();
        assertThat(RowDiff.normalise(Timestamp.valueOf(LocalDateTime.of(2024, 1, 31, 10, 0, 5, 120_000_000)))).isEqualTo("2024-01-31 10:00:05.12");
        assertThat(RowDiff.normalise(new BigDecimal("0.000"))).isEqualTo("0");
        assertThat(RowDiff.normalise(10)).isEqualTo(RowDiff.normalise(new BigDecimal("1E+1")));
    }

    @Test
    void theDiffIsATableOfExpectedRowsMarkedMinusAndActualRowsMarkedPlusSideBySide() {
        RowDiff diff = RowDiff.compare(List.of("id", "total"),
                List.of(row(1L, 10L), row(2L, 20L), row(3L, 30L)),
                List.of(row(1L, 10L), row(2L, 25L), row(4L, null)));

        assertThat(diff.table()).isEqualTo("""
                actual differs from expected (- expected, not returned; + returned, not expected):

                  | id | total
                - | 2  | 20
                + | 2  | 25
                - | 3  | 30
                + | 4  | null
                """);
    }
}
