package io.strata.ingestion;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written reader of common ISO shapes: exact where it answers, null (the formatter's turn) elsewhere. */
class IsoTimesTest {
    private static IsoTimes.Timestamp at(String local, ZoneOffset offset) {
        return new IsoTimes.Timestamp(LocalDateTime.parse(local), offset);
    }

    @Test
    void theCommonShapesAreReadExactly() {
        assertThat(IsoTimes.date("2026-03-01")).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(IsoTimes.timestamp("2026-03-01")).isEqualTo(at("2026-03-01T00:00", null));
        assertThat(IsoTimes.timestamp("2026-03-01T12:30")).isEqualTo(at("2026-03-01T12:30", null));
        assertThat(IsoTimes.timestamp("2026-03-01 12:30:15")).isEqualTo(at("2026-03-01T12:30:15", null));
        assertThat(IsoTimes.timestamp("2026-03-01T12:30:15.5Z")).isEqualTo(at("2026-03-01T12:30:15.5", ZoneOffset.UTC));
        assertThat(IsoTimes.timestamp("2026-03-01T12:30:15.123456789+01:00"))
                .isEqualTo(at("2026-03-01T12:30:15.123456789", ZoneOffset.ofHours(1)));
        assertThat(IsoTimes.timestamp("2026-03-01T12:30:15-0530")).isEqualTo(at("2026-03-01T12:30:15", ZoneOffset.ofHoursMinutes(-5, -30)));
        assertThat(IsoTimes.timestamp("2026-03-01T12:30:15+02")).isEqualTo(at("2026-03-01T12:30:15", ZoneOffset.ofHours(2)));
    }

    @Test
    void impossibleValuesAndOtherShapesAreLeftToTheFormatter() {
        assertThat(IsoTimes.date("2026-02-30")).isNull();
        assertThat(IsoTimes.date("01.03.2026")).isNull();
        assertThat(IsoTimes.timestamp("2026-02-30T10:00")).isNull();
        assertThat(IsoTimes.timestamp("2026-03-01T25:00")).isNull();
        assertThat(IsoTimes.timestamp("2026-03-01T12:30:15.")).isNull();
        assertThat(IsoTimes.timestamp("2026-03-01T12:30:15.1234567891")).isNull();
        assertThat(IsoTimes.timestamp("2026-03-01T12:30:15[Europe/Berlin]")).isNull();
        assertThat(IsoTimes.timestamp("2026-03-01X12:30")).isNull();
        assertThat(IsoTimes.timestamp("2026-03-01T12:30+1")).isNull();
    }

    @Test
    void valuesReadTheSameThroughTheFastPathAndTheFormatter() throws Exception {
        Values values = new Values(java.time.ZoneId.of("Europe/Berlin"), new com.fasterxml.jackson.databind.ObjectMapper());
        var timestamptz = org.apache.iceberg.types.Types.TimestampType.withZone();

        assertThat(values.fromText("2026-03-01T13:00", timestamptz, "at"))
                .as("no offset: the asset's zone").isEqualTo(java.time.OffsetDateTime.parse("2026-03-01T12:00Z"));
        assertThat(values.fromText("2026-03-01T13:00[Europe/Berlin]", timestamptz, "at"))
                .as("a region, through the formatter").isEqualTo(java.time.OffsetDateTime.parse("2026-03-01T12:00Z"));
        assertThat(values.fromText("2026-03-01T13:00+03:00", timestamptz, "at")).isEqualTo(java.time.OffsetDateTime.parse("2026-03-01T10:00Z"));
    }
}
