package io.strata.partition;

import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.graph.Asset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Partitions declared in a model's config: windows, keys, the condition a build replaces, and what the template renders. */
class PartitionsDefinitionTest {
    @TempDir
    Path root;

    private PartitionsDefinition declared(String config) {
        CompiledProject project = TestProject.in(root)
                .file("models/daily.sql", "{{ config(materialized='table', partitioned_by=" + config + ") }}\n"
                        + "select date '{{ partition.start }}' as day")
                .compile();
        Asset model = project.graph().assets().stream().filter(asset -> asset.key().name().equals("daily")).findFirst().orElseThrow();
        return PartitionsDefinition.of(model).orElseThrow();
    }

    private static List<String> keys(List<Partition> partitions) {
        return partitions.stream().map(Partition::key).toList();
    }

    @Test
    void dailyWindowsRunFromTheStartToTheLastDayThatHasEndedLessTheLag() {
        PartitionsDefinition daily = declared("{'granularity': 'day', 'start': '2025-02-26', 'column': 'sale_date'}");
        PartitionsDefinition lagged = declared("{'granularity': 'day', 'start': '2025-02-26', 'column': 'sale_date', 'lag': 1}");

        Instant now = Instant.parse("2025-03-02T10:00:00Z");
        assertThat(keys(daily.partitions(now))).containsExactly("2025-02-26", "2025-02-27", "2025-02-28", "2025-03-01");
        assertThat(keys(lagged.partitions(now))).containsExactly("2025-02-26", "2025-02-27", "2025-02-28");
    }

    @Test
    void hourlyWeeklyAndMonthlyWindowsHaveTheirOwnKeysAndAnEndBoundsThem() {
        Instant now = Instant.parse("2025-06-15T03:30:00Z");
        assertThat(keys(declared("{'granularity': 'hour', 'start': '2025-06-15', 'column': 'at'}").partitions(now)))
                .containsExactly("2025-06-15T00:00", "2025-06-15T01:00", "2025-06-15T02:00");
        assertThat(keys(declared("{'granularity': 'week', 'start': '2025-05-26', 'column': 'at'}").partitions(now)))
                .containsExactly("2025-05-26", "2025-06-02");
        assertThat(keys(declared("{'granularity': 'month', 'start': '2025-01', 'end': '2025-04-01', 'column': 'at'}").partitions(now)))
                .containsExactly("2025-01-01", "2025-02-01", "2025-03-01");
    }

    @Test
    void aTimeZoneMovesWhereTheDayEnds() {
        PartitionsDefinition tokyo = declared("{'granularity': 'day', 'start': '2025-03-01', 'column': 'day', 'time_zone': 'Asia/Tokyo'}");

        assertThat(keys(tokyo.partitions(Instant.parse("2025-03-01T16:00:00Z")))).as("01:00 on March 2nd in Tokyo").containsExactly("2025-03-01");
    }

    @Test
    void aRangeOfWindowsIsOneConditionAndRendersItsStartEndAndKeys() {
        PartitionsDefinition daily = declared("{'granularity': 'day', 'start': '2025-03-01', 'column': 'sale_date'}");
        Partition first = daily.partition("2025-03-01");
        Partition third = daily.partition("2025-03-03");

        assertThat(daily.condition(first, third)).isEqualTo("sale_date >= DATE '2025-03-01' AND sale_date < DATE '2025-03-04'");
        assertThat(daily.rendering(first, third)).containsExactlyInAnyOrderEntriesOf(Map.of("start", "2025-03-01", "end", "2025-03-04",
                "key", "2025-03-01..2025-03-03"));
        PartitionsDefinition hourly = declared("{'granularity': 'hour', 'start': '2025-03-01', 'column': 'at'}");
        Partition five = hourly.partition("2025-03-01T05:00");
        assertThat(hourly.condition(five, five)).isEqualTo("at >= TIMESTAMP '2025-03-01 05:00:00' AND at < TIMESTAMP '2025-03-01 06:00:00'");
        assertThat(hourly.rendering(five, five).get("start")).isEqualTo("2025-03-01 05:00:00");
    }

    @Test
    void aRangeListsEveryWindowBetweenItsEndsEndedOrNotAndRefusesEndsInTheWrongOrder() {
        PartitionsDefinition monthly = declared("{'granularity': 'month', 'start': '2025-01-01', 'column': 'day'}");
        PartitionsDefinition regions = declared("{'values': ['north', 'east', 'south'], 'column': 'region'}");

        assertThat(keys(monthly.range(monthly.partition("2099-11-01"), monthly.partition("2100-02-01"))))
                .containsExactly("2099-11-01", "2099-12-01", "2100-01-01", "2100-02-01");
        assertThat(monthly.first().key()).isEqualTo("2025-01-01");
        assertThatThrownBy(() -> monthly.range(monthly.partition("2025-03-01"), monthly.partition("2025-02-01")))
                .hasMessage("--from 2025-03-01 comes after --to 2025-02-01");
        assertThat(keys(regions.range(regions.partition("east"), regions.partition("south")))).containsExactly("east", "south");
        assertThatThrownBy(() -> regions.range(regions.partition("south"), regions.partition("north")))
                .hasMessage("--from south comes after --to north in the declared values");
    }

    @Test
    void aWindowShiftsByCalendarWindowsOfItsTimeZonesWallClock() {
        PartitionsDefinition monthly = declared("{'granularity': 'month', 'start': '2025-01-01', 'column': 'day', 'time_zone': 'Europe/Berlin'}");
        PartitionsDefinition daily = declared("{'granularity': 'day', 'start': '2025-01-01', 'column': 'day', 'time_zone': 'Europe/Berlin'}");

        Partition february = monthly.shifted(monthly.partition("2025-03"), -1, -1);
        assertThat(february.key()).isEqualTo("2025-02-01");
        assertThat(february.end()).contains(LocalDateTime.parse("2025-03-01T00:00"));
        Partition afterJanuary = monthly.shifted(monthly.partition("2025-01"), 1, 1);
        assertThat(afterJanuary.start()).contains(LocalDateTime.parse("2025-02-01T00:00"));
        assertThat(afterJanuary.end()).as("February's end, not January's 31 days after February 1st").contains(LocalDateTime.parse("2025-03-01T00:00"));
        Partition dayOfTheClockChange = daily.shifted(daily.partition("2025-03-31"), -1, -1);
        assertThat(dayOfTheClockChange.start()).as("March 30th has 23 hours in Berlin").contains(LocalDateTime.parse("2025-03-30T00:00"));
        assertThat(dayOfTheClockChange.end()).contains(LocalDateTime.parse("2025-03-31T00:00"));
        assertThatThrownBy(() -> daily.shifted(daily.partition("2025-03-31"), 0, -1))
                .hasMessage("start_offset 0 and end_offset -1 leave no window to read");
    }

    @Test
    void staticValuesArePartitionsOfTheirOwn() {
        PartitionsDefinition regions = declared("{'values': ['north', 'south'], 'column': 'region'}");

        assertThat(keys(regions.partitions(Instant.now()))).containsExactly("north", "south");
        assertThat(regions.condition(regions.partition("north"), regions.partition("north"))).isEqualTo("region = 'north'");
        assertThatThrownBy(() -> regions.partition("nort")).hasMessage("partition 'nort' is none of north, south; did you mean 'north'?");
    }

    @Test
    void aKeyThatStartsNoWindowOrLiesOutsideTheWindowsIsRefusedSayingWhatKeysLookLike() {
        PartitionsDefinition monthly = declared("{'granularity': 'month', 'start': '2025-01-01', 'end': '2025-07-01', 'column': 'day'}");

        assertThatThrownBy(() -> monthly.partition("2025-03-05")).hasMessage(
                "partition '2025-03-05' is not the start of a month window: months start on the 1st, as in 2025-03-01");
        assertThatThrownBy(() -> monthly.partition("2024-12-01")).hasMessage("partition '2024-12-01' comes before the first window, 2025-01-01");
        assertThatThrownBy(() -> monthly.partition("2025-07-01")).hasMessage(
                "partition '2025-07-01' comes after the last window, which ends at 2025-07-01");
        assertThatThrownBy(() -> monthly.partition("March")).hasMessage("partition 'March' is no month: write 2025-03-01 (or 2025-03)");
        assertThat(monthly.partition("2025-03").key()).isEqualTo("2025-03-01");
    }

    @Test
    void malformedDeclarationsAndMisuseAreCompileErrorsAtTheModelFile() {
        assertThat(TestProject.in(root).file("models/a.sql", "{{ config(partitioned_by={'granularity': 'daily', 'column': 'd'}) }}\nselect 1 as d")
                .errors()).containsExactly("models/a.sql: error: partitioned_by needs 'start': the first window, as in '2025-01-01'");
        assertThat(TestProject.in(root).file("models/a.sql", "{{ config(partitioned_by={'granularity': 'fortnight', 'start': '2025-01-01', 'column': 'd'}) }}\n"
                + "select 1 as d").errors()).containsExactly("models/a.sql: error: partitioned_by 'granularity' must be hour, day, week or month, not fortnight");
        assertThat(TestProject.in(root).file("models/a.sql", "{{ config(partitioned_by={'granularity': 'week', 'start': '2025-01-01', 'column': 'd'}) }}\n"
                + "select date '{{ partition.start }}' as d").errors()).containsExactly(
                "models/a.sql: error: start '2025-01-01' is not the start of a week window: weeks start on Monday, as in 2024-12-30");
        assertThat(TestProject.in(root).file("models/a.sql", "select date '{{ partition.start }}' as d").errors()).containsExactly(
                "models/a.sql: error: the SQL reads partition.start, partition.end or partition.key, but the model declares no partitions:"
                        + " add config(partitioned_by={'granularity': 'day', 'start': '2025-01-01', 'column': '...'})");
        assertThat(TestProject.in(root).file("models/a.sql", "{{ config(materialized='view', partitioned_by={'granularity': 'day', 'start': '2025-01-01',"
                + " 'column': 'd'}) }}\nselect date '{{ partition.start }}' as d").errors()).containsExactly(
                "models/a.sql: error: a partitioned model is built window by window into a table: materialized must be table or incremental, not view");
        assertThat(TestProject.in(root).file("models/a.sql", "{{ config(materialized='table', partitioned_by={'granularity': 'day', 'start': '2025-01-01',"
                + " 'column': 'd'}) }}\nselect current_date as d").compile().warnings()).extracting(Object::toString).containsExactly(
                "models/a.sql: warning: the model declares partitions (day from 2025-01-01 (UTC) on d) but its SQL does not read partition.start,"
                        + " partition.end or partition.key: every build would give all its rows, and rows outside the window built fail the build");
    }

    @Test
    void theCompiledSqlShowsWhereTheWindowGoes() {
        String sql = "select * from t where d >= date '" + PartitionTokens.START + "' and d < date '" + PartitionTokens.END + "'";

        assertThat(PartitionTokens.render(sql, Map.of("start", "2025-03-01", "end", "2025-04-01", "key", "2025-03-01")))
                .isEqualTo("select * from t where d >= date '2025-03-01' and d < date '2025-04-01'");
    }
}
