package io.strata.cli;

import io.strata.api.AssetDefinitions;
import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.graph.Asset;
import io.strata.project.AssetDeclarationReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FutureMobility project of the repository root speaks each engine's SQL: its dispatched macros render Trino SQL
 * for the default profile, exactly as before they were dispatched (the compiled SQL of every model is kept in
 * {@code src/test/resources/futuremobility-trino/}), and Dremio SQL for the {@code dremio} profile, free of the
 * Trino functions Dremio lacks. Whether Dremio accepts every statement is not proven here (no Dremio server runs in
 * the tests); the function names are checked against Dremio's SQL reference in the macros' comments.
 *
 * <p>When a model's Trino SQL changes on purpose, run this test once with {@code -Dstrata.snapshot=write}.
 */
class FutureMobilityDialectTest {
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Path TRINO_SNAPSHOT = Path.of("src/test/resources/futuremobility-trino");
    /**
     * Trino functions and syntax Dremio spells otherwise or does not have (Dremio's CONTAINS and DATE_DIFF exist but
     * mean something else: a Lucene search, an interval). Dremio has CARDINALITY, DATE_TRUNC and non-empty ARRAY[...].
     */
    private static final List<String> TRINO_ONLY = List.of(
            "max_by(", "min_by(", "date_diff(", "to_unixtime(", "regr_slope(", "array[]", "count_if(", "at_timezone(",
            "json_extract_scalar(", "date_parse(", "try(", "sequence(", "regexp_extract_all(", "filter(", "contains(",
            "unnest(");
    /** Words Dremio's grammar reserves that FutureMobility uses as names: Dremio takes them only in double quotes. */
    private static final List<String> DREMIO_RESERVED = List.of("month", "language", "period");
    /** Where the Dremio SQL of every model is written, to read it. */
    private static final Path DREMIO_OUTPUT = Path.of("target/futuremobility-dremio");

    @Test
    void theDefaultProfileCompilesEveryModelToTheSameTrinoSqlAsBeforeDispatch() throws IOException {
        CompiledProject project = compile(Optional.empty());
        assertThat(project.target().type()).isEqualTo("trino");
        assertThat(project.models()).hasSizeGreaterThan(15);
        boolean write = "write".equals(System.getProperty("strata.snapshot"));
        for (Asset model : project.models()) {
            Path snapshot = TRINO_SNAPSHOT.resolve(model.name() + ".sql");
            if (write) {
                Files.createDirectories(TRINO_SNAPSHOT);
                Files.writeString(snapshot, model.sql().orElseThrow());
            }
            assertThat(snapshot).as(model.name() + " has a Trino snapshot").exists();
            assertThat(model.sql().orElseThrow()).as(model.name() + " on Trino").isEqualTo(Files.readString(snapshot));
        }
        try (var snapshots = Files.list(TRINO_SNAPSHOT)) {
            assertThat(snapshots.count()).as("one snapshot per model").isEqualTo(project.models().size());
        }
    }

    @Test
    void theDremioProfileCompilesNoModelWithATrinoOnlyFunction() throws IOException {
        CompiledProject project = compile(Optional.of("dremio"));
        assertThat(project.target().type()).isEqualTo("dremio");
        List<String> found = new ArrayList<>();
        Files.createDirectories(DREMIO_OUTPUT);
        for (Asset model : project.models()) {
            Files.writeString(DREMIO_OUTPUT.resolve(model.name() + ".sql"), model.sql().orElseThrow());
            String sql = model.sql().orElseThrow().toLowerCase(java.util.Locale.ROOT);
            for (String function : TRINO_ONLY) {
                if (Pattern.compile("(?<![a-z_])" + Pattern.quote(function.replace("(", "")) + "\\s*" + (function.endsWith("(") ? "\\(" : "")).matcher(sql).find()) {
                    found.add(model.name() + ": " + function);
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theDremioProfileQuotesTheNamesDremioReserves() {
        CompiledProject project = compile(Optional.of("dremio"));
        List<String> found = new ArrayList<>();
        for (Asset model : project.models()) {
            String sql = model.sql().orElseThrow().toLowerCase(java.util.Locale.ROOT).replaceAll("--[^\n]*", "");
            for (String word : DREMIO_RESERVED) {
                // A bare word: not part of a longer name, not in quotes, not a function call.
                if (Pattern.compile("(?<![a-z0-9_\"'])" + word + "(?![a-z0-9_\"'(])").matcher(sql).find()) {
                    found.add(model.name() + ": " + word);
                }
            }
        }
        assertThat(found).isEmpty();
        assertThat(compile(Optional.empty()).models()).anySatisfy(model -> assertThat(model.sql().orElseThrow()).contains("months.month,"));
    }

    private static CompiledProject compile(Optional<String> profile) {
        List<AssetDeclarationReader> readers = ServiceLoader.load(AssetDeclarationReader.class).stream().map(ServiceLoader.Provider::get).toList();
        List<AssetDefinitions> definitions = ServiceLoader.load(AssetDefinitions.class).stream().map(ServiceLoader.Provider::get).toList();
        try (Compiler compiler = new Compiler(REPOSITORY, CompileOptions.defaults().withProfile(profile), readers, definitions)) {
            return compiler.compile();
        }
    }
}
