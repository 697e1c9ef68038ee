package io.strata.ingestion;

import io.strata.api.AssetKey;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.lake.ColumnType;
import io.strata.project.ProjectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code source: {jdbc: …}} as read from YAML: what it holds, and the mistakes refused at their line. */
class JdbcSourceDeclarationTest {
    @TempDir
    Path root;

    private IngestDeclaration declaration(String yaml) {
        CompiledProject compiled = TestProject.in(root).with(new IngestDeclarationReader()).file("models/bronze/erp.yml", yaml).compile();
        return (IngestDeclaration) compiled.declarations().get(AssetKey.of("supply_orders"));
    }

    private List<String> errors(String yaml) {
        try {
            TestProject.in(root).with(new IngestDeclarationReader()).file("models/bronze/erp.yml", yaml).compile();
            throw new AssertionError("expected the declaration to be refused");
        }
        catch (ProjectException e) {
            return e.errors().stream().map(Object::toString).toList();
        }
    }

    @Test
    void aJdbcSourceKeepsItsConnectionTableFetchSizeAndCursor() {
        IngestDeclaration declaration = declaration("""
                ingest:
                  - name: supply_orders
                    source:
                      jdbc:
                        url: jdbc:postgresql://localhost:5432/erp
                        user: ${ERP_USER}
                        password: ${ERP_PASSWORD}
                        table: public.supply_orders
                        fetch_size: 500
                      cursor: updated_at
                """);

        assertThat(declaration.source().format()).isEqualTo(IngestDeclaration.Format.JDBC);
        assertThat(declaration.source().path()).isEqualTo("localhost:5432/erp public.supply_orders");
        JdbcSource jdbc = declaration.database().orElseThrow();
        assertThat(jdbc.url()).isEqualTo("jdbc:postgresql://localhost:5432/erp");
        assertThat(jdbc.user()).contains("${ERP_USER}");
        assertThat(jdbc.password()).contains("${ERP_PASSWORD}");
        assertThat(jdbc.table()).contains("public.supply_orders");
        assertThat(jdbc.query()).isEmpty();
        assertThat(jdbc.fetchSize()).isEqualTo(500);
        assertThat(jdbc.cursor()).contains("updated_at");
        assertThat(jdbc.select()).isEqualTo("select * from public.supply_orders");
        assertThat(jdbc.address()).isEqualTo("localhost:5432/erp");
    }

    @Test
    void aQueryWithoutFetchSizeFetchesTenThousandRowsAtATimeAndItsTableHasOnlyTheIngestTimeAdded() {
        IngestDeclaration declaration = declaration("""
                ingest:
                  - name: supply_orders
                    source:
                      jdbc: {url: "jdbc:postgresql://db:5432/erp", query: "select id, updated_at from supply_orders;"}
                    columns:
                      - {name: id, type: bigint}
                      - {name: updated_at, type: timestamp}
                """);

        JdbcSource jdbc = declaration.database().orElseThrow();
        assertThat(jdbc.fetchSize()).isEqualTo(10_000);
        assertThat(jdbc.select()).isEqualTo("select id, updated_at from supply_orders");
        assertThat(declaration.tableColumns()).contains(List.of("id", "updated_at", "_ingested_at"));
        assertThat(declaration.tableColumnTypes()).containsOnlyKeys("id", "updated_at", "_ingested_at");
    }

    @Test
    void tableAndQueryTogetherOrNeitherAreErrorsAtTheirLines() {
        assertThat(errors("""
                ingest:
                  - name: supply_orders
                    source:
                      jdbc:
                        url: jdbc:postgresql://db/erp
                        table: supply_orders
                        query: select * from supply_orders
                """)).containsExactly("models/bronze/erp.yml:7:9: error: the jdbc source of ingest asset 'supply_orders' has both table and query;"
                + " keep one");
        assertThat(errors("""
                ingest:
                  - name: supply_orders
                    source:
                      jdbc:
                        url: jdbc:postgresql://db/erp
                """)).singleElement().asString().startsWith("models/bronze/erp.yml:5:9: error: the jdbc source of ingest asset"
                + " 'supply_orders' needs table (public.orders) or query");
    }

    @Test
    void unknownKeysOfTheSourceAndOfJdbcAreErrorsNamingWhatIsExpected() {
        assertThat(errors("""
                ingest:
                  - name: supply_orders
                    source:
                      jdbc:
                        url: jdbc:postgresql://db/erp
                        table: supply_orders
                        fetchsize: 10
                """)).containsExactly("models/bronze/erp.yml:7:9: error: the jdbc source of ingest asset 'supply_orders': unknown key"
                + " 'fetchsize'; expected one of fetch_size, password, query, table, url, user");
        assertThat(errors("""
                ingest:
                  - name: supply_orders
                    source:
                      jdbc: {url: "jdbc:postgresql://db/erp", table: supply_orders}
                      format: csv
                """)).containsExactly("models/bronze/erp.yml:5:7: error: database source of ingest asset 'supply_orders': unknown key"
                + " 'format'; expected jdbc and, for incremental reads, cursor");
    }

    @Test
    void aCursorTheQueryDoesNotSelectIsAnErrorAtTheCursorLine() {
        assertThat(errors("""
                ingest:
                  - name: supply_orders
                    source:
                      jdbc:
                        url: jdbc:postgresql://db/erp
                        query: select id, quantity from supply_orders
                      cursor: updated_at
                """)).containsExactly("models/bronze/erp.yml:7:7: error: cursor 'updated_at' of ingest asset 'supply_orders' is not a column"
                + " of its query; select it (select …, updated_at from …)");
        assertThat(declaration("""
                ingest:
                  - name: supply_orders
                    source:
                      jdbc:
                        url: jdbc:postgresql://db/erp
                        query: select id, o.updated_at from supply_orders o
                      cursor: updated_at
                """).database().orElseThrow().cursor()).contains("updated_at");
    }

    @Test
    void aBadUrlTableNameFetchSizeOrAReplaceWithACursorAreErrors() {
        assertThat(errors("ingest:\n  - name: supply_orders\n    source:\n      jdbc: {url: \"postgres://db/erp\", table: t}\n"))
                .singleElement().asString().startsWith("models/bronze/erp.yml:4:")
                .contains("url 'postgres://db/erp' is not a JDBC URL");
        assertThat(errors("ingest:\n  - name: supply_orders\n    source:\n      jdbc: {url: \"jdbc:postgresql://db/erp\", table: \"t; drop table x\"}\n"))
                .singleElement().asString().contains("table 't; drop table x' is not a table name");
        assertThat(errors("ingest:\n  - name: supply_orders\n    source:\n      jdbc: {url: \"jdbc:postgresql://db/erp\", table: t, fetch_size: 0}\n"))
                .singleElement().asString().contains("fetch_size must be a positive number of rows, not '0'");
        assertThat(errors("ingest:\n  - name: supply_orders\n    source:\n      jdbc: {url: \"jdbc:postgresql://db/erp\", table: t}\n"
                + "      cursor: updated_at\n    mode: replace\n"))
                .containsExactly("models/bronze/erp.yml:6:5: error: ingest asset 'supply_orders' reads incrementally by its cursor;"
                        + " mode: replace (everything read again) does not go with it");
    }

    @Test
    void environmentReferencesAreResolvedWhenBuiltAndAMissingOneIsNamed() {
        JdbcSource jdbc = new JdbcSource("jdbc:postgresql://${ERP_HOST}:5432/erp", Optional.of("${ERP_USER}"), Optional.of("${ERP_PASSWORD}"),
                Optional.of("orders"), Optional.empty(), 100, Optional.empty(), io.strata.project.Location.of("erp.yml"));
        Map<String, String> environment = Map.of("ERP_HOST", "db.internal", "ERP_USER", "reader", "ERP_PASSWORD", "s3cret$1");

        JdbcSource resolved = jdbc.resolve(environment::get);

        assertThat(resolved.url()).isEqualTo("jdbc:postgresql://db.internal:5432/erp");
        assertThat(resolved.credentials()).containsExactly(Map.entry("user", "reader"), Map.entry("password", "s3cret$1"));
        assertThatThrownBy(() -> jdbc.resolve(Map.of("ERP_HOST", "db")::get))
                .hasMessage("environment variable ERP_USER is not set");
    }

    @Test
    void theAddressOfAUrlNeverHoldsItsPassword() {
        JdbcSource withPassword = new JdbcSource("jdbc:postgresql://db.internal:6432/erp?user=reader&password=s3cret", Optional.empty(),
                Optional.empty(), Optional.of("orders"), Optional.empty(), 100, Optional.empty(), io.strata.project.Location.of("erp.yml"));
        JdbcSource oracle = new JdbcSource("jdbc:oracle:thin:scott/tiger@//ora:1521/erp", Optional.empty(), Optional.empty(),
                Optional.of("orders"), Optional.empty(), 100, Optional.empty(), io.strata.project.Location.of("erp.yml"));

        assertThat(withPassword.address()).isEqualTo("db.internal:6432/erp");
        assertThat(oracle.address()).isEqualTo("ora:1521/erp");
    }

    @Test
    void columnTypesKeepTheirDeclaredSpelling() {
        IngestDeclaration declaration = declaration("""
                ingest:
                  - name: supply_orders
                    source:
                      jdbc: {url: "jdbc:postgresql://db/erp", table: supply_orders}
                    columns:
                      - {name: quantity, type: int}
                """);
        assertThat(declaration.columns()).extracting(IngestDeclaration.Column::type).containsExactly(new ColumnType.Simple(ColumnType.Primitive.INT));
    }
}
