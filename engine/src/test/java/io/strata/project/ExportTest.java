package io.strata.project;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExportTest {
    private static List<Export> exports(String yaml) {
        return PropertiesFile.parse("models/gold.yml", yaml, Map.of()).models().getFirst().exports();
    }

    private static ProjectException error(String yaml) {
        try {
            exports(yaml);
        }
        catch (ProjectException e) {
            return e;
        }
        throw new AssertionError("no error for:\n" + yaml);
    }

    @Test
    void anUpsertExportIsReadWithItsKeyAndItsVariablesUnread() {
        List<Export> exports = exports("""
                models:
                  - name: gold_vehicle_minute_metrics
                    exports:
                      - jdbc: {url: "jdbc:postgresql://localhost:5432/dash", user: "${DASH_USER}", password: "${DASH_PASSWORD}"}
                        table: public.vehicle_minute_metrics
                        mode: upsert
                        key: [vehicle_id, minute]
                """);

        assertThat(exports).singleElement().satisfies(export -> {
            assertThat(export.url()).isEqualTo("jdbc:postgresql://localhost:5432/dash");
            assertThat(export.user()).isEqualTo("${DASH_USER}");
            assertThat(export.password()).isEqualTo("${DASH_PASSWORD}");
            assertThat(export.table()).isEqualTo("public.vehicle_minute_metrics");
            assertThat(export.mode()).isEqualTo(Export.Mode.UPSERT);
            assertThat(export.key()).containsExactly("vehicle_id", "minute");
            assertThat(export.location().line()).isEqualTo(4);
        });
    }

    @Test
    void anExportReplacesByDefault() {
        assertThat(exports("""
                models:
                  - name: gold
                    exports:
                      - jdbc: {url: "jdbc:postgresql://db:5432/dash", user: dash}
                        table: gold
                """).getFirst().mode()).isEqualTo(Export.Mode.REPLACE);
    }

    @Test
    void anUpsertWithoutKeyIsAnErrorAtItsModeLine() {
        ProjectException e = error("""
                models:
                  - name: gold
                    exports:
                      - jdbc: {url: "jdbc:postgresql://db:5432/dash"}
                        table: public.gold
                        mode: upsert
                """);

        assertThat(e.diagnostics()).singleElement().satisfies(diagnostic -> {
            assertThat(diagnostic.location().line()).isEqualTo(6);
            assertThat(diagnostic.message()).contains("upsert export needs 'key:");
        });
    }

    @Test
    void anUnknownModeAndAPasswordWrittenInTheFileAreErrorsAtTheirLines() {
        ProjectException e = error("""
                models:
                  - name: gold
                    exports:
                      - jdbc:
                          url: "jdbc:postgresql://db:5432/dash"
                          password: hunter2
                        table: public.gold
                        mode: merge
                """);

        assertThat(e.diagnostics()).extracting(diagnostic -> diagnostic.location().line()).containsExactlyInAnyOrder(6, 8);
        assertThat(e.diagnostics()).extracting(Diagnostic::message)
                .anySatisfy(message -> assertThat(message).contains("password must not stand in the file"))
                .anySatisfy(message -> assertThat(message).contains("mode must be replace or upsert, not 'merge'"));
    }

    @Test
    void anExportWithoutJdbcOrTableOrWithABadTableNameIsAnError() {
        assertThat(error("""
                models:
                  - name: gold
                    exports:
                      - table: public.gold
                """).getMessage()).contains("an export needs 'jdbc:");
        assertThat(error("""
                models:
                  - name: gold
                    exports:
                      - jdbc: {url: "jdbc:postgresql://db:5432/dash"}
                """).getMessage()).contains("an export needs 'table:'");
        assertThat(error("""
                models:
                  - name: gold
                    exports:
                      - jdbc: {url: "jdbc:postgresql://db:5432/dash"}
                        table: "gold; drop table x"
                """).getMessage()).contains("must be 'schema.table' or 'table'");
    }

    @Test
    void theConnectionReadsItsVariablesFromTheEnvironment() {
        Export export = exports("""
                models:
                  - name: gold
                    exports:
                      - jdbc: {url: "jdbc:postgresql://${DASH_HOST}:5432/dash", user: "${DASH_USER}", password: "${DASH_PASSWORD}"}
                        table: gold
                """).getFirst();

        Export.Connection connection = export.connection(Map.of("DASH_HOST", "db", "DASH_USER", "dash", "DASH_PASSWORD", "s3cret")::get);

        assertThat(connection.url()).isEqualTo("jdbc:postgresql://db:5432/dash");
        assertThat(connection.user()).isEqualTo("dash");
        assertThat(connection.password()).isEqualTo("s3cret");
        assertThat(connection.toString()).doesNotContain("s3cret");
    }

    @Test
    void aVariableThatIsNotSetIsNamedAtTheExportsLine() {
        Export export = exports("""
                models:
                  - name: gold
                    exports:
                      - jdbc: {url: "jdbc:postgresql://db:5432/dash", password: "${DASH_PASSWORD}"}
                        table: gold
                """).getFirst();

        assertThatThrownBy(() -> export.connection(Map.of("DASH_USER", "dash")::get))
                .isInstanceOf(ProjectException.class)
                .satisfies(e -> assertThat(((ProjectException) e).diagnostics().getFirst().location().line()).isEqualTo(4))
                .hasMessageContaining("${DASH_PASSWORD}, which is not set");
    }

    @Test
    void theTargetAsSaidInMessagesHasNoCredentials() {
        Export export = new Export("jdbc:postgresql://dash:pw@db:5432/dash?password=pw&ssl=true", "", "", "gold", Export.Mode.REPLACE,
                List.of(), Location.of("models/gold.yml", 3));

        assertThat(export.target()).isEqualTo("postgresql://db:5432/dash");
    }

    @Test
    void aSeedsExportsAreAnErrorAtTheirLine() {
        assertThatThrownBy(() -> PropertiesFile.parse("seeds/seeds.yml", """
                seeds:
                  - name: countries
                    exports:
                      - jdbc: {url: "jdbc:postgresql://db:5432/dash"}
                        table: countries
                """, Map.of()))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("seeds/seeds.yml:3")
                .hasMessageContaining("exports are declared on models only, not on seeds");
    }
}
