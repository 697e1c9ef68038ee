package io.strata.compile;

import io.strata.project.Diagnostic;
import io.strata.project.ProjectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Compile-time checks of the column names in models' SQL, with errors at their place in the source file. */
class ValidationTest {
    @TempDir
    Path root;

    private TestProject shop() {
        return TestProject.in(root)
                .file("seeds/customers.csv", "customer_id,name,region\n1,Ada,north\n")
                .file("seeds/orders.csv", "order_id,customer_id,amount\n1,1,10\n");
    }

    private static List<String> messages(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::toString).toList();
    }

    @Test
    void aMisspelledColumnIsAnErrorAtItsPlaceInTheSourceFileWithASuggestion() {
        List<String> errors = shop().file("models/totals.sql", """
                select
                    customer_id,
                    sum(amout) as total
                from {{ ref('orders') }}
                group by customer_id
                """).errors();

        assertThat(errors).containsExactly(
                "models/totals.sql:3:9: error: unknown column: no relation in scope has a column 'amout'; did you mean 'amount'?");
    }

    @Test
    void aComparisonOfTypesTrinoDoesNotCompareIsAnErrorWithTypesFromSeedsAndYaml() {
        List<String> errors = shop()
                .file("models/sources.yml", "version: 2\nsources:\n  - name: crm\n    tables:\n      - name: visits\n"
                        + "        columns:\n          - {name: visited_on, data_type: date}\n")
                .file("models/totals.sql", """
                        {% set threshold = 5 %}
                        select o.customer_id, c.name
                        from {{ ref('orders') }} as o
                        join {{ ref('customers') }} as c on c.name = o.customer_id
                        where o.amount > {{ threshold }}
                        """)
                .file("models/visits.sql", "select visited_on from {{ source('crm', 'visits') }} where visited_on >= '2024-01-01'\n")
                .errors();

        assertThat(errors).containsExactly(
                "models/totals.sql:4:37: error: type mismatch: cannot compare varchar with bigint (Trino casts neither to the other);"
                        + " cast one side, as in CAST(o.customer_id AS varchar)",
                "models/visits.sql:1:60: error: type mismatch: cannot compare date with varchar (Trino casts neither to the other);"
                        + " cast one side, as in CAST('2024-01-01' AS date)");
    }

    @Test
    void aFunctionCalledWithTheWrongNumberOfArgumentsFailsCompileAndAnUnknownOneIsAWarning() {
        List<String> errors = shop().file("models/totals.sql", "select round(amount, 1, 2) as rounded from {{ ref('orders') }}\n").errors();
        assertThat(errors).containsExactly(
                "models/totals.sql:1:8: error: wrong number of arguments: round takes 1 to 2 arguments in Trino, and is given 3");

        CompiledProject project = shop().file("models/totals.sql", "select my_scoring(amount) as score from {{ ref('orders') }}\n").compile();
        assertThat(messages(project.warnings())).containsExactly(
                "models/totals.sql: warning: function 'my_scoring' is not one Strata knows of Trino: its arguments and result type are not checked");
    }

    @Test
    void anEnforcedContractHoldsWhenTheSqlGivesTheDeclaredColumnsAndTypes() {
        CompiledProject project = shop()
                .file("models/totals.sql", "select customer_id, sum(amount) as total, cast(null as varchar) as note from {{ ref('orders') }} group by 1\n")
                .file("models/totals.yml", """
                        version: 2
                        models:
                          - name: totals
                            config: {contract: {enforced: true}}
                            columns:
                              - {name: customer_id, data_type: int8}
                              - {name: total, data_type: bigint}
                              - {name: note, data_type: varchar(200)}
                        """)
                .compile();

        assertThat(project.warnings()).isEmpty();
    }

    @Test
    void anEnforcedContractTheSqlBreaksIsAnErrorAtTheColumnsYamlLine() {
        List<String> errors = shop()
                .file("models/totals.sql", "select customer_id, sum(amount) as total, 1 as extra from {{ ref('orders') }} group by 1\n")
                .file("models/totals.yml", """
                        version: 2
                        models:
                          - name: totals
                            config:
                              contract: {enforced: true}
                            columns:
                              - {name: customer_id, data_type: varchar}
                              - {name: total, data_type: bigint}
                              - {name: region, data_type: varchar}
                              - {name: note}
                        """)
                .errors();

        assertThat(errors).containsExactly(
                "models/totals.sql: error: contract: the SQL gives column 'extra', which the contract does not declare; add it under columns:"
                        + " with its data_type, or leave it out of the SQL",
                "models/totals.yml:7:9: error: contract: column 'customer_id' of 'totals' is declared varchar, but its SQL gives bigint;"
                        + " cast it in the SQL (cast(... as varchar)) or change its data_type",
                "models/totals.yml:9:9: error: contract: the SQL of 'totals' gives no column 'region' (it gives customer_id, total, extra)",
                "models/totals.yml:10:9: error: contract: the SQL of 'totals' gives no column 'note' (it gives customer_id, total, extra)",
                "models/totals.yml:10:9: error: the contract of 'totals' is enforced, so column 'note' needs a data_type");
    }

    @Test
    void aTableTheProjectDoesNotDescribeIsTypedAsMainHadItWhenARunMerged() throws java.io.IOException {
        TestProject project = shop()
                .file("models/sources.yml", "version: 2\nsources:\n  - name: crm\n    tables:\n      - name: visits\n")
                .file("models/visits.sql", "select * from {{ source('crm', 'visits') }} where visited_on >= '2024-01-01'\n");
        io.strata.api.AssetKey visits = project.options(CompileOptions.defaults().withValidation(false)).compile().graph().assets().stream()
                .filter(asset -> asset.kind() == io.strata.graph.AssetKind.SOURCE).findFirst().orElseThrow().key();
        project.options(CompileOptions.defaults());
        assertThat(project.compile().models()).as("unknown columns: nothing to check").hasSize(1);

        io.strata.lineage.MainColumns.empty().withTable(visits, new java.util.LinkedHashMap<>(java.util.Map.of("visited_on", "date")))
                .write(io.strata.lineage.MainColumns.file(root, "local"));

        assertThat(project.errors()).containsExactly("models/visits.sql:1:51: error: type mismatch: cannot compare date with varchar (Trino casts"
                + " neither to the other); cast one side, as in CAST('2024-01-01' AS date)");
        project.file("models/visits.sql", "select * from {{ source('crm', 'visits') }}\n");
        assertThat(project.compile().columnLineage().columns(io.strata.api.AssetKey.of("visits"))).as("select * expands to main's columns")
                .contains(List.of("visited_on"));
    }

    @Test
    void aMisspelledQualifiedColumnNamesItsRelation() {
        List<String> errors = shop().file("models/totals.sql", "select o.order_id, o.amout from {{ ref('orders') }} as o\n").errors();

        assertThat(errors).containsExactly("models/totals.sql:1:22: error: unknown column: 'o' has no column 'amout'; did you mean 'amount'?");
    }

    @Test
    void aColumnOfAModelIsCheckedAgainstTheColumnsItsSqlGives() {
        List<String> errors = shop()
                .file("models/totals.sql", "select customer_id, sum(amount) as total from {{ ref('orders') }} group by customer_id\n")
                .file("models/best.sql", "select customer_id, totl from {{ ref('totals') }}\n")
                .errors();

        assertThat(errors).containsExactly("models/best.sql:1:21: error: unknown column: no relation in scope has a column 'totl'; did you mean 'total'?");
    }

    @Test
    void anUnqualifiedColumnTwoRelationsHaveIsAmbiguous() {
        List<String> errors = shop().file("models/named.sql", """
                select customer_id, name, amount
                from {{ ref('orders') }} as o
                join {{ ref('customers') }} as c on o.customer_id = c.customer_id
                """).errors();

        assertThat(errors).containsExactly(
                "models/named.sql:1:8: error: ambiguous column 'customer_id': 'o' and 'c' have it; qualify it, as in o.customer_id");
    }

    @Test
    void aColumnJoinedWithUsingIsNotAmbiguous() {
        CompiledProject project = shop().file("models/named.sql", """
                select customer_id, name, amount
                from {{ ref('orders') }}
                join {{ ref('customers') }} using (customer_id)
                """).compile();

        assertThat(project.models()).hasSize(1);
    }

    @Test
    void namesReadFromAJavaAssetAreNotCheckedSinceItsYamlDocumentsTheColumnsItsTestsNeed() {
        CompiledProject project = TestProject.in(root)
                .file("models/events.yml", "version: 2\nmodels:\n  - name: events\n    columns:\n      - {name: id, tests: [not_null]}\n")
                .file("models/daily.sql", "select date(happened_at) as day, count(*) as events from {{ ref('events') }} group by 1\n")
                .with(() -> List.of(io.strata.api.AssetSpec.builder("events").build()))
                .compile();

        assertThat(project.models()).hasSize(1);
        assertThat(project.warnings()).isEmpty();
    }

    @Test
    void aColumnReadFromASourceIsNotCheckedSinceSourcesDocumentSomeOfTheirColumns() {
        CompiledProject project = TestProject.in(root)
                .file("models/sources.yml", "sources:\n  - name: crm\n    tables:\n      - name: events\n        columns: [{name: happened_at}]\n")
                .file("models/daily.sql", "select date(happened_at) as day, max(channel) as channel from {{ source('crm', 'events') }} group by 1\n")
                .compile();

        assertThat(project.models()).hasSize(1);
        assertThat(project.warnings()).isEmpty();
    }

    private CompiledProject compileInNewProcess() {
        try (Compiler compiler = new Compiler(root, CompileOptions.defaults(), List.of(),
                List.of(() -> List.of(io.strata.api.AssetSpec.builder("events").build())), Optional.of(root.resolve(Compiler.CACHE_FILE)))) {
            return compiler.compile();
        }
    }

    @Test
    void aCheckKeptInTheCompileCacheHoldsOnlyWhileWhatTheModelReadsKeepsItsColumns() throws IOException {
        shop().file("models/daily.sql", "select happened_at from {{ ref('events') }}\n")
                .file("models/totals.sql", "select customer_id, amount from {{ ref('orders') }}\n");
        CompiledProject first = compileInNewProcess();
        CompiledProject second = compileInNewProcess();

        assertThat(second.warnings()).isEqualTo(first.warnings());

        Files.writeString(root.resolve("seeds/orders.csv"), "order_id,customer_id,amounts\n1,1,10\n");
        assertThatThrownBy(this::compileInNewProcess).isInstanceOfSatisfying(ProjectException.class, e -> assertThat(e.errors())
                .extracting(Diagnostic::toString)
                .containsExactly("models/totals.sql:1:21: error: unknown column: no relation in scope has a column 'amount'; did you mean 'amounts'?"));
    }

    @Test
    void noValidateSkipsTheCheck() {
        CompiledProject project = shop()
                .file("models/totals.sql", "select customer_id, sum(amout) as total from {{ ref('orders') }} group by customer_id\n")
                .options(CompileOptions.defaults().withValidation(false))
                .compile();

        assertThat(project.models()).hasSize(1);
    }

    @Test
    void jinjaAboveTheFaultyLineDoesNotMoveTheErrorOffItsSourceLine() {
        List<String> errors = shop().file("models/wide.sql", """
                {% set columns = ['order_id', 'customer_id'] %}
                {#
                   A comment over several lines,
                   which rendering removes.
                #}
                select
                {% for column in columns %}
                    {{ column }},
                {% endfor %}
                    amout
                from {{ ref('orders') }}
                """).errors();

        assertThat(errors).containsExactly(
                "models/wide.sql:10:5: error: unknown column: no relation in scope has a column 'amout'; did you mean 'amount'?");
    }

    @Test
    void aModelOverAnEphemeralModelPointsAtItsOwnLineThoughTheEphemeralIsInlinedAboveIt() {
        List<String> errors = shop()
                .file("models/base.sql", "{{ config(materialized='ephemeral') }}\nselect order_id, amount from {{ ref('orders') }}\n")
                .file("models/report.sql", """
                        select
                            order_id,
                            amout
                        from {{ ref('base') }}
                        """)
                .errors();

        assertThat(errors).containsExactly(
                "models/report.sql:3:5: error: unknown column: no relation in scope has a column 'amout'; did you mean 'amount'?");
    }

    @Test
    void correlatedSubqueriesLambdasWindowsAndHavingAliasesAreNoErrors() {
        CompiledProject project = shop().file("models/fine.sql", """
                with totals as (
                    select customer_id, sum(amount) as total
                    from {{ ref('orders') }}
                    group by customer_id
                    having total > 0
                )
                select
                    c.customer_id,
                    upper(c.name) as name,
                    transform(array[1, 2], x -> x + 1) as bumped,
                    row_number() over (partition by c.region order by c.name) as rank_in_region,
                    current_date as today,
                    (select max(t.total) from totals t where t.customer_id = c.customer_id) as best
                from {{ ref('customers') }} c
                where exists (select 1 from {{ ref('orders') }} o where o.customer_id = c.customer_id)
                """).compile();

        assertThat(project.warnings()).isEmpty();
    }

    @Test
    void aConstructTheReaderDoesNotFollowIsAWarningNamingItNeverAnError() {
        CompiledProject project = shop()
                .file("models/sample.sql", "select order_id, amout from {{ ref('orders') }} tablesample bernoulli (50)\n")
                .compile();

        assertThat(messages(project.warnings())).containsExactly(
                "models/sample.sql: warning: column names in TABLESAMPLE in FROM are not checked: Strata's SQL reader does not follow columns through it");
    }

    @Test
    void sqlTheReaderCannotParseIsNeverAValidationError() {
        CompiledProject project = shop()
                .file("models/rows.sql", "select cast(row(order_id, amount) as row(id bigint, amount double)) as pair from {{ ref('orders') }}\n")
                .compile();

        assertThat(project.models()).hasSize(1);
        assertThat(messages(project.warnings())).allMatch(warning -> warning.contains("could not parse"));
    }
}
