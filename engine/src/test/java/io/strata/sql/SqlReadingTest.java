package io.strata.sql;

import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.project.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SqlReadingTest {
    @TempDir
    Path root;

    private final SqlAnalyzer analyzer = new SqlAnalyzer();

    @Test
    void aTableReadDirectlyIsAWarningWithItsPositionAndTheRefToUse() {
        CompiledProject project = TestProject.in(root)
                .file("models/silver/orders.sql", "select 1 as id")
                .file("models/silver/customers.sql", "select 1 as id")
                .file("models/gold/m.sql", "with o as (select * from {{ ref('orders') }})\nselect *\nfrom o\njoin silver.customers x on true\njoin crm.accounts a on true")
                .compile();

        assertThat(project.warnings()).extracting(Diagnostic::toString).containsExactly(
                "models/gold/m.sql:4:6: warning: reads table 'silver.customers' directly, so Strata does not know this dependency;"
                        + " use {{ ref('customers') }}",
                "models/gold/m.sql:5:6: warning: reads table 'crm.accounts' directly, so Strata does not know this dependency;"
                        + " declare it as a source and read it with {{ source('…', '…') }}");
    }

    @Test
    void sqlTheReaderCannotParseIsAWarningNeverAFailure() {
        CompiledProject project = TestProject.in(root)
                .file("models/m.sql", "select a from t where\n  ((broken")
                .compile();

        assertThat(project.warnings()).singleElement().asString()
                .startsWith("models/m.sql:2:").contains("could not parse the compiled SQL").contains("the model still runs");
        assertThat(project.graph().size()).isEqualTo(1);
    }

    @Test
    void commonTableExpressionsSubqueriesAndJoinsAreFollowed() {
        SqlAnalysis analysis = analyzer.analyze("""
                with recent as (select * from silver.orders where ts > now() - interval '1' day)
                select * from recent r
                join (select id from silver.customers) c on c.id = r.customer_id
                where r.id in (select order_id from gold.returns)
                union all
                select * from "Bronze"."Orders";
                """);

        assertThat(analysis.parsed()).isTrue();
        assertThat(analysis.tables()).extracting(TableReference::qualifiedName)
                .containsExactlyInAnyOrder("silver.orders", "silver.customers", "gold.returns", "bronze.orders");
        assertThat(analysis.commonTableNames()).containsExactly("recent");
    }

    @Test
    void trinoSyntaxBabelCannotReadIsBlankedWithPositionsKept() {
        SqlAnalysis analysis = analyzer.analyze(
                "select date_diff('day', a, b) as days, ts AT TIME ZONE 'UTC' as utc\nfrom silver.events FOR VERSION AS OF 42\njoin x.y on true");

        assertThat(analysis.parsed()).as(analysis.problem().toString()).isTrue();
        assertThat(analysis.tables()).extracting(TableReference::qualifiedName).containsExactly("silver.events", "x.y");
        assertThat(analysis.tables().get(1).line()).isEqualTo(3);
        assertThat(analysis.tables().get(1).column()).isEqualTo(6);
    }

    @Test
    void trinoArrayTypesInCastsAreReadWithPositionsKept() {
        String sql = "select CAST(ids AS array(bigint)) as ids, CAST(x AS ARRAY( decimal(16, 2) )) as y from silver.events";

        assertThat(SqlAnalyzer.readableByCalcite(sql)).hasSameSizeAs(sql);
        SqlAnalysis analysis = analyzer.analyze(sql);

        assertThat(analysis.parsed()).as(analysis.problem().toString()).isTrue();
        assertThat(analysis.tables()).singleElement().extracting(TableReference::column).isEqualTo(sql.indexOf("silver") + 1);
    }

    @Test
    void aStatementThatIsNotAQueryIsRecognised() {
        assertThat(analyzer.analyze("delete from silver.orders").statementKind()).contains("DELETE");
        assertThat(analyzer.analyze("select 1").statementKind()).isEmpty();
    }
}
