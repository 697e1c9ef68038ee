package io.strata.partition;

import io.strata.api.AssetKey;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A declared mapping with offsets: the windows a partition reads of an input, and the mistakes compile refuses. */
class PartitionMappingTest {
    private static final String DAILY = "{{ config(materialized='table', partitioned_by={'granularity': 'day', 'start': '2025-01-01', 'column': 'd'}) }}\n"
            + "select date '{{ partition.start }}' as d";
    private static final String REGIONS = "{{ config(materialized='table', partitioned_by={'values': ['north', 'south'], 'column': 'region'}) }}\n"
            + "select '{{ partition.key }}' as region";

    @TempDir
    Path root;

    private static String model(String partitionedBy, String from) {
        return "{{ config(materialized='table', partitioned_by=" + partitionedBy + ") }}\n"
                + "select d from " + from + " where d >= date '{{ partition.start }}' and d < date '{{ partition.end }}'";
    }

    private static String daily(String mapping) {
        return "{'granularity': 'day', 'start': '2025-01-01', 'column': 'd', 'mapping': " + mapping + " }";
    }

    private static PartitionsDefinition windows(String granularity) {
        return new PartitionsDefinition.TimeWindows(PartitionsDefinition.Granularity.parse(granularity), LocalDate.parse("2025-01-01").atStartOfDay(),
                java.util.Optional.empty(), java.time.ZoneOffset.UTC, "d", 0);
    }

    private static LocalDateTime at(String day) {
        return LocalDate.parse(day).atStartOfDay();
    }

    @Test
    void startAndEndOffsetsMoveTheWindowReadByWindowsOfTheModel() {
        PartitionsDefinition days = windows("day");
        Partition march = days.partition("2025-03-01");

        Partition dayOverDay = new PartitionMapping("sales", -1, 0).read(days, march);
        assertThat(dayOverDay.start()).contains(at("2025-02-28"));
        assertThat(dayOverDay.end()).contains(at("2025-03-02"));
        assertThat(dayOverDay.key()).isEqualTo("2025-02-28..2025-03-01");

        Partition yesterday = new PartitionMapping("sales", -1, -1).read(days, march);
        assertThat(yesterday.key()).isEqualTo("2025-02-28");
        assertThat(yesterday.end()).contains(at("2025-03-01"));

        assertThat(new PartitionMapping("sales", 0, 0).read(days, march)).isEqualTo(march);
    }

    @Test
    void monthsMoveByCalendarMonthsWhateverTheirLength() {
        PartitionsDefinition months = windows("month");

        Partition february = new PartitionMapping("sales", -1, -1).read(months, months.partition("2025-03"));
        assertThat(february.start()).contains(at("2025-02-01"));
        assertThat(february.end()).contains(at("2025-03-01"));
        Partition afterJanuary = new PartitionMapping("sales", 1, 1).read(months, months.partition("2025-01"));
        assertThat(afterJanuary.start()).contains(at("2025-02-01"));
        assertThat(afterJanuary.end()).contains(at("2025-03-01"));
        Partition yearBefore = new PartitionMapping("sales", -12, 0).read(months, months.partition("2025-03"));
        assertThat(yearBefore.key()).isEqualTo("2024-03-01..2025-03-01");
        assertThat(yearBefore.end()).contains(at("2025-04-01"));
    }

    @Test
    void hoursAndWeeksMoveByTheirOwnWindows() {
        Partition fiveAm = windows("hour").partition("2025-03-01T05:00");
        Partition previousHours = new PartitionMapping("events", -2, -1).read(windows("hour"), fiveAm);
        assertThat(previousHours.key()).isEqualTo("2025-03-01T03:00..2025-03-01T04:00");
        assertThat(previousHours.end()).contains(at("2025-03-01").plusHours(5));

        Partition week = windows("week").partition("2025-03-03");
        assertThat(new PartitionMapping("events", -1, -1).read(windows("week"), week).key()).isEqualTo("2025-02-24");
    }

    @Test
    void offsetsOnStaticValuesAreRefused() {
        PartitionsDefinition regions = new PartitionsDefinition.StaticValues(List.of("north", "south"), "region");

        assertThatThrownBy(() -> new PartitionMapping("sales", -1, 0).read(regions, regions.partition("north")))
                .hasMessage("offsets apply to time windows, not to static values (north, south)");
    }

    @Test
    void aMappingIsDeclaredWithStartAndEndOffsetsOrOneOffsetAndAnOffsetLeftOutIsZero() {
        CompiledProject project = TestProject.in(root)
                .file("models/sales.sql", DAILY)
                .file("models/returns.sql", DAILY)
                .file("models/changes.sql", model(daily("{'sales': {'start_offset': -1, 'end_offset': 0}, 'returns': {'offset': -1} }"),
                        "{{ ref('sales') }} join {{ ref('returns') }} using (d)"))
                .file("models/since.sql", model(daily("{'sales': {'start_offset': -7} }"), "{{ ref('sales') }}"))
                .compile();

        assertThat(PartitionMapping.declared(TestProject.asset(project, "changes")))
                .containsExactly(new PartitionMapping("sales", -1, 0), new PartitionMapping("returns", -1, -1));
        assertThat(PartitionMapping.declared(TestProject.asset(project, "since"))).containsExactly(new PartitionMapping("sales", -7, 0));
        assertThat(PartitionMapping.declared(TestProject.asset(project, "sales"))).isEmpty();
    }

    @Test
    void theDayOverDayExampleOfTheDocsCompiles() {
        CompiledProject project = TestProject.in(root)
                .file("models/daily_sales.sql", DAILY.replace("'d'", "'sale_date'").replace("as d", "as sale_date, 'north' as region, 1 as revenue_eur"))
                .file("models/change.sql", """
                        {{ config(
                            materialized='table',
                            partitioned_by={'granularity': 'day', 'start': '2025-01-01', 'column': 'sale_date',
                                            'mapping': {'daily_sales': {'start_offset': -1, 'end_offset': 0} } }
                        ) }}
                        select today.sale_date, today.region, today.revenue_eur - yesterday.revenue_eur as change_eur
                        from {{ ref('daily_sales') }} today
                        join {{ ref('daily_sales') }} yesterday
                          on yesterday.region = today.region and yesterday.sale_date = today.sale_date - interval '1' day
                        where today.sale_date >= date '{{ partition.start }}' and today.sale_date < date '{{ partition.end }}'
                        """)
                .compile();

        assertThat(PartitionMapping.declared(TestProject.asset(project, "change"))).containsExactly(new PartitionMapping("daily_sales", -1, 0));
    }

    @Test
    void aMappingMayBeDeclaredInTheModelsYaml() {
        CompiledProject project = TestProject.in(root)
                .file("models/sales.sql", DAILY)
                .file("models/changes.sql", "select d from {{ ref('sales') }} where d >= date '{{ partition.start }}' and d < date '{{ partition.end }}'")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: changes
                            config:
                              materialized: table
                              partitioned_by:
                                granularity: day
                                start: '2025-01-01'
                                column: d
                                mapping: {sales: {start_offset: -2, end_offset: 1}}
                        """)
                .compile();

        assertThat(PartitionMapping.declared(TestProject.asset(project, "changes"))).containsExactly(new PartitionMapping("sales", -2, 1));
    }

    @Test
    void aMappingNamesAnInputByItsNameOrItsKey() {
        PartitionMapping byName = new PartitionMapping("sales", -1, 0);
        PartitionMapping byKey = new PartitionMapping("raw/sales", -1, 0);

        assertThat(byName.names(AssetKey.of("raw", "sales"))).isTrue();
        assertThat(byName.names(AssetKey.of("sales"))).isTrue();
        assertThat(byKey.names(AssetKey.of("raw", "sales"))).isTrue();
        assertThat(byKey.names(AssetKey.of("sales"))).isFalse();
        assertThat(byName.names(AssetKey.of("returns"))).isFalse();
    }

    @Test
    void aMappingOfNoInputIsACompileErrorThatListsTheInputs() {
        assertThat(TestProject.in(root)
                .file("models/sales.sql", DAILY)
                .file("models/returns.sql", DAILY)
                .file("models/a.sql", model(daily("{'sale': {'offset': -1} }"), "{{ ref('sales') }} join {{ ref('returns') }} using (d)"))
                .errors()).containsExactly("models/a.sql: error: partitioned_by 'mapping' of 'sale': the model reads no 'sale'; its inputs are returns,"
                + " sales; did you mean 'sales'?");
    }

    @Test
    void anInputMappedByItsNameAndByItsKeyIsACompileError() {
        assertThat(TestProject.in(root)
                .file("models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: sales\n")
                .file("models/a.sql", model(daily("{'sales': {'offset': -1}, 'raw/sales': {'offset': 0} }"), "{{ source('raw', 'sales') }}"))
                .errors()).as("a source is not partitioned either").contains("models/a.sql: error: partitioned_by 'mapping' of 'raw/sales': raw/sales is mapped twice, by its name and by"
                + " its key: keep one");
    }

    @Test
    void anOffsetThatIsNoWholeNumberIsACompileError() {
        assertThat(TestProject.in(root).file("models/sales.sql", DAILY)
                .file("models/a.sql", model(daily("{'sales': {'start_offset': 'yesterday'} }"), "{{ ref('sales') }}"))
                .errors()).containsExactly("models/a.sql: error: partitioned_by 'mapping' of 'sales': start_offset must be a whole number of windows,"
                + " as in -1, not 'yesterday'");
        assertThat(TestProject.in(root).file("models/sales.sql", DAILY)
                .file("models/a.sql", model(daily("{'sales': {'offset': -1.5} }"), "{{ ref('sales') }}"))
                .errors()).containsExactly("models/a.sql: error: partitioned_by 'mapping' of 'sales': offset must be a whole number of windows,"
                + " as in -1, not -1.5");
        assertThat(TestProject.in(root).file("models/sales.sql", DAILY)
                .file("models/a.sql", model(daily("{'sales': {'start_ofset': -1} }"), "{{ ref('sales') }}"))
                .errors()).containsExactly("models/a.sql: error: partitioned_by 'mapping' of 'sales' has 'start_ofset': write start_offset and"
                + " end_offset, or offset; did you mean 'start_offset'?");
    }

    @Test
    void aStartOffsetAfterTheEndOffsetIsACompileError() {
        assertThat(TestProject.in(root).file("models/sales.sql", DAILY)
                .file("models/a.sql", model(daily("{'sales': {'start_offset': 0, 'end_offset': -1} }"), "{{ ref('sales') }}"))
                .errors()).containsExactly("models/a.sql: error: partitioned_by 'mapping' of 'sales': start_offset 0 comes after end_offset -1, which"
                + " leaves no window to read (start_offset -1 with end_offset 0 reads the window before and the partition's own)");
    }

    @Test
    void offsetsOnAnInputOrAModelNotPartitionedInTimeAreCompileErrors() {
        assertThat(TestProject.in(root).file("models/sales.sql", "select date '2025-01-01' as d")
                .file("models/a.sql", model(daily("{'sales': {'offset': -1} }"), "{{ ref('sales') }}"))
                .errors()).containsExactly("models/a.sql: error: partitioned_by 'mapping' of 'sales': offsets apply to time windows, and sales is not"
                + " partitioned: remove its mapping");
        assertThat(TestProject.in(root).file("models/sales.sql", "select date '2025-01-01' as d")
                .file("models/regions.sql", REGIONS)
                .file("models/a.sql", model(daily("{'regions': {'offset': -1} }"), "{{ ref('regions') }}"))
                .errors()).containsExactly("models/a.sql: error: partitioned_by 'mapping' of 'regions': offsets apply to time windows, and regions is"
                + " partitioned by static values (north, south): remove its mapping");
        assertThat(TestProject.in(root).file("models/sales.sql", DAILY)
                .file("models/regions.sql", REGIONS)
                .file("models/a.sql", "{{ config(materialized='table', partitioned_by={'values': ['north', 'south'], 'column': 'region',"
                        + " 'mapping': {'sales': {'offset': -1} } }) }}\nselect '{{ partition.key }}' as region from {{ ref('sales') }}")
                .errors()).containsExactly("models/a.sql: error: partitioned_by 'mapping': offsets apply to time windows, and the model is partitioned"
                + " by static values (north, south): remove the mapping");
    }

    @Test
    void aNameThatFitsTwoInputsMustBeWrittenAsAKey() {
        assertThat(TestProject.in(root).file("models/sales.sql", DAILY)
                .file("models/sources.yml", "version: 2\nsources:\n  - name: raw\n    tables:\n      - name: sales\n")
                .file("models/a.sql", model(daily("{'sales': {'offset': -1} }"), "{{ ref('sales') }} join {{ source('raw', 'sales') }} using (d)"))
                .errors()).containsExactly("models/a.sql: error: partitioned_by 'mapping' of 'sales' names 2 inputs, raw/sales and sales: write the key"
                + " of the one meant, as in 'raw/sales'");
    }
}
