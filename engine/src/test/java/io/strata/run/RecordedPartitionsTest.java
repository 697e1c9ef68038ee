package io.strata.run;

import io.strata.partition.Partition;
import io.strata.partition.PartitionMapping;
import io.strata.partition.PartitionsDefinition;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** An input's recorded partitions found by the partitions they overlap, as a scan of them all finds them. */
class RecordedPartitionsTest {
    private static final LocalDateTime START = LocalDate.parse("2025-01-01").atStartOfDay();
    private static final LocalDateTime END = LocalDate.parse("2025-07-01").atStartOfDay();

    private static PartitionsDefinition windows(PartitionsDefinition.Granularity granularity) {
        return new PartitionsDefinition.TimeWindows(granularity, START, Optional.of(END), ZoneOffset.UTC, "day", 0);
    }

    /** What planning did before: every recorded partition tested against the partition, in the engine's order. */
    private static List<String> scanned(PartitionsDefinition input, Map<String, String> fingerprints, Partition partition) {
        Map<Partition, String> recorded = new LinkedHashMap<>();
        fingerprints.forEach((key, fingerprint) -> {
            try {
                recorded.put(input.partition(key), fingerprint);
            }
            catch (IllegalArgumentException e) {
                // no longer declared
            }
        });
        return recorded.entrySet().stream().filter(entry -> entry.getKey().overlaps(partition)).map(entry -> entry.getKey().key() + "=" + entry.getValue())
                .toList();
    }

    @Test
    void windowsOfAnyGranularityOverlapAsAScanFindsThemInTheOrderTheEngineGaveThem() {
        Random random = new Random(7);
        PartitionsDefinition.Granularity[] granularities = {PartitionsDefinition.Granularity.DAY, PartitionsDefinition.Granularity.WEEK,
                PartitionsDefinition.Granularity.MONTH};
        for (PartitionsDefinition.Granularity inputGranularity : granularities) {
            PartitionsDefinition input = windows(inputGranularity);
            List<Partition> inputWindows = new ArrayList<>(input.partitions(END.toInstant(ZoneOffset.UTC)));
            // Some windows recorded, some not; in shuffled order; with keys the input no longer declares.
            Collections.shuffle(inputWindows, random);
            Map<String, String> fingerprints = new LinkedHashMap<>();
            fingerprints.put("2024-12-01", "before the start");
            for (Partition window : inputWindows) {
                if (random.nextInt(4) > 0) {
                    fingerprints.put(window.key(), "f" + random.nextInt(1000));
                }
            }
            fingerprints.put("2025-03-01T05:00", "not a window start");
            RecordedPartitions recorded = new RecordedPartitions(input, fingerprints);
            for (PartitionsDefinition.Granularity granularity : granularities) {
                for (Partition partition : windows(granularity).partitions(END.toInstant(ZoneOffset.UTC))) {
                    assertThat(recorded.overlapping(partition)).as("%s over %s, %s", granularity, inputGranularity, partition)
                            .isEqualTo(scanned(input, fingerprints, partition));
                }
            }
        }
    }

    @Test
    void aMonthReadsTheDaysItHoldsAndADayTheMonthThatHoldsIt() {
        PartitionsDefinition days = windows(PartitionsDefinition.Granularity.DAY);
        PartitionsDefinition months = windows(PartitionsDefinition.Granularity.MONTH);
        RecordedPartitions recordedDays = new RecordedPartitions(days, Map.of("2025-01-31", "a", "2025-02-01", "b", "2025-02-28", "c", "2025-03-01", "d"));
        RecordedPartitions recordedMonths = new RecordedPartitions(months, Map.of("2025-01-01", "jan", "2025-02-01", "feb"));

        assertThat(recordedDays.overlapping(months.partition("2025-02-01"))).containsExactlyInAnyOrder("2025-02-01=b", "2025-02-28=c");
        assertThat(recordedMonths.overlapping(days.partition("2025-02-14"))).containsExactly("2025-02-01=feb");
        assertThat(recordedMonths.overlapping(days.partition("2025-03-14"))).isEmpty();
    }

    @Test
    void aMonthShiftedBackOneWindowReadsThePreviousMonthsDaysOrThePreviousMonth() {
        PartitionsDefinition days = windows(PartitionsDefinition.Granularity.DAY);
        PartitionsDefinition months = windows(PartitionsDefinition.Granularity.MONTH);
        RecordedPartitions recordedDays = new RecordedPartitions(days, Map.of("2025-01-31", "a", "2025-02-01", "b", "2025-02-28", "c", "2025-03-01", "d"));
        RecordedPartitions recordedMonths = new RecordedPartitions(months, Map.of("2025-01-01", "jan", "2025-02-01", "feb", "2025-03-01", "mar"));
        PartitionMapping previous = new PartitionMapping("sales", -1, -1);

        assertThat(recordedDays.overlapping(previous.read(months, months.partition("2025-03-01")))).containsExactlyInAnyOrder("2025-02-01=b", "2025-02-28=c");
        assertThat(recordedMonths.overlapping(previous.read(months, months.partition("2025-03-01")))).containsExactly("2025-02-01=feb");
        assertThat(recordedMonths.overlapping(previous.read(months, months.partition("2025-02-01")))).containsExactly("2025-01-01=jan");
        assertThat(recordedDays.overlapping(new PartitionMapping("sales", -1, 0).read(days, days.partition("2025-03-01"))))
                .containsExactlyInAnyOrder("2025-02-28=c", "2025-03-01=d");
    }

    @Test
    void aStaticValueReadsTheSameValue() {
        PartitionsDefinition regions = new PartitionsDefinition.StaticValues(List.of("north", "south", "east"), "region");
        RecordedPartitions recorded = new RecordedPartitions(regions, Map.of("north", "n", "south", "s", "west", "gone"));

        assertThat(recorded.overlapping(regions.partition("south"))).containsExactly("south=s");
        assertThat(recorded.overlapping(regions.partition("east"))).isEmpty();
    }
}
