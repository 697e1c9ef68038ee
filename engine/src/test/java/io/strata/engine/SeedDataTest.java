package io.strata.engine;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import io.strata.project.Location;
import io.strata.project.Materialization;
import io.strata.project.ModelConfig;
import io.strata.project.ProjectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A seed's file read as its config says: delimiter, quote_columns, column_types; timestamps written ISO style. */
class SeedDataTest {
    @TempDir
    Path root;

    private Asset seed(String text, Map<String, Object> config) throws IOException {
        Files.createDirectories(root.resolve("seeds"));
        Files.writeString(root.resolve("seeds/orders.csv"), text);
        return Asset.builder().key(AssetKey.of("orders")).kind(AssetKind.SEED).materialization(Materialization.SEED)
                .location(Location.of("seeds/orders.csv")).config(new ModelConfig(config)).build();
    }

    @Test
    void aDelimiterSeparatesTheFieldsAndAQuotedFieldMayHoldIt() throws IOException {
        SeedData data = SeedData.read(root, seed("id;name;amount\n1;\"Smith; John\";2,5\n2;Doe;3\n", Map.of("delimiter", ";")));

        assertThat(data.columns()).containsExactly("id", "name", "amount");
        assertThat(data.rows()).containsExactly(List.of("1", "Smith; John", "2,5"), List.of("2", "Doe", "3"));
        assertThat(data.types()).containsExactly("bigint", "varchar", "varchar");
    }

    @Test
    void aPipeDelimitedSeedWithColumnTypes() throws IOException {
        SeedData data = SeedData.read(root, seed("id|price\n1|2.50\n", Map.of("delimiter", "|", "column_types", Map.of("price", "decimal(10,2)"))));

        assertThat(data.types()).containsExactly("bigint", "decimal(10,2)");
        assertThat(data.literal("2.50", 1)).isEqualTo("CAST('2.50' AS decimal(10,2))");
    }

    @Test
    void quoteColumnsQuotesEveryNameAsWrittenKeepingItsCase() throws IOException {
        String csv = "id,OrderDate,first name\n1,2024-01-05,Ann\n";

        assertThat(SeedData.read(root, seed(csv, Map.of("quote_columns", true))).sqlColumns())
                .containsExactly("\"id\"", "\"OrderDate\"", "\"first name\"");
        assertThat(SeedData.read(root, seed(csv, Map.of())).sqlColumns()).as("quoted only where the engine needs it")
                .containsExactly("id", "\"OrderDate\"", "\"first name\"");
    }

    @Test
    void timestampsWrittenWithATAreTimestampsWrittenAsSqlWritesThem() throws IOException {
        SeedData data = SeedData.read(root, seed("id,at\n1,2024-01-05T10:00:00\n2,2024-01-05T10:00:00.123456\n3,2024-01-05 11:00\n4,\n", Map.of()));

        assertThat(data.types()).containsExactly("bigint", "timestamp(6)");
        assertThat(data.rows()).extracting(row -> row.get(1))
                .containsExactly("2024-01-05 10:00:00", "2024-01-05 10:00:00.123456", "2024-01-05 11:00", "");
        assertThat(data.literal(data.rows().getFirst().get(1), 1)).isEqualTo("CAST('2024-01-05 10:00:00' AS timestamp(6))");
    }

    @Test
    void timestampsWithAZoneOrOffsetAreTimestampsWithTimeZone() throws IOException {
        SeedData data = SeedData.read(root, seed("at\n2024-01-05T10:00:00Z\n2024-01-05T10:00:00.5+01:00\n2024-01-05 10:00:00-0530\n", Map.of()));

        assertThat(data.types()).containsExactly("timestamp(6) with time zone");
        assertThat(data.rows()).extracting(List::getFirst)
                .containsExactly("2024-01-05 10:00:00 +00:00", "2024-01-05 10:00:00.5 +01:00", "2024-01-05 10:00:00 -05:30");
    }

    @Test
    void aColumnMixingZonedAndLocalTimestampsStaysText() throws IOException {
        SeedData data = SeedData.read(root, seed("at\n2024-01-05T10:00:00Z\n2024-01-05T10:00:00\n", Map.of()));

        assertThat(data.types()).containsExactly("varchar");
        assertThat(data.rows()).extracting(List::getFirst).as("text is kept as written").containsExactly("2024-01-05T10:00:00Z", "2024-01-05T10:00:00");
    }

    @Test
    void aZonedValueInAColumnDeclaredWithoutAZoneIsAnErrorAtItsLine() throws IOException {
        Asset seed = seed("id,at\n1,2024-01-05T10:00:00\n2,2024-01-05T10:00:00Z\n", Map.of("column_types", Map.of("at", "timestamp(6)")));

        assertThatThrownBy(() -> SeedData.read(root, seed)).isInstanceOfSatisfying(ProjectException.class, e -> assertThat(e.errors())
                .singleElement().hasToString("seeds/orders.csv:3: error: '2024-01-05T10:00:00Z' in column 'at' has a time zone, but the column's"
                        + " type is timestamp(6): declare it as timestamp(6) with time zone in column_types, or write the value without its zone"));
    }

    @Test
    void aBadRowNamesTheSeedFileTheLineAndTheDelimiter() throws IOException {
        Asset seed = seed("id;name\n1;Ann\n2,Bob\n", Map.of("delimiter", ";"));

        assertThatThrownBy(() -> SeedData.read(root, seed)).isInstanceOfSatisfying(ProjectException.class, e -> assertThat(e.errors())
                .singleElement().hasToString("seeds/orders.csv:3: error: this row has 1 fields, the header 2 (fields are separated by ';', the seed's delimiter)"));
    }

    @Test
    void aDelimiterOfMoreThanOneCharacterIsAnError() throws IOException {
        Asset seed = seed("id\n1\n", Map.of("delimiter", ";;"));

        assertThatThrownBy(() -> SeedData.read(root, seed)).isInstanceOfSatisfying(ProjectException.class, e -> assertThat(e.errors())
                .singleElement().hasToString("seeds/orders.csv: error: delimiter=';;' must be one character, such as ';' or '|'"));
    }
}
