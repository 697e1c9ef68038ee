package io.strata.template;

import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.project.Diagnostic;
import io.strata.project.ModelConfig;
import io.strata.project.Profile;
import io.strata.sql.SqlAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static io.strata.compile.TestProject.sql;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * dbt's cross-database macros ({@code dbt.dateadd}, {@code dbt.hash}, {@code dbt.type_string}, …) render the SQL Trino
 * and Dremio each read, and what they render for Trino is SQL Strata's reader parses.
 */
class DbtCrossDatabaseMacrosTest {
    private static final TemplateEnvironment ENVIRONMENT = TemplateEnvironment.create(List.of());
    private static final Profile TRINO = new Profile("local", "trino", "analytics", Map.of());
    private static final Profile DREMIO = new Profile("lake", "dremio", "analytics", Map.of());
    private static final String EXPRESSION = "select %s as x";

    @TempDir
    Path root;

    /** A macro call, what it renders on each engine, and the query that holds the Trino rendering for the reader. */
    record Case(String template, String trino, String dremio, String query) {
        Case(String template, String trino, String dremio) {
            this(template, trino, dremio, EXPRESSION);
        }

        Case(String template, String both) {
            this(template, both, both);
        }

        @Override
        public String toString() {
            return template;
        }
    }

    static Stream<Case> macros() {
        return Stream.of(
                new Case("{{ dbt.any_value('status') }}", "arbitrary(status)", "min(status)"),
                new Case("{{ dbt.bool_or('is_paid') }}", "bool_or(is_paid)"),
                new Case("{{ dbt.listagg('name') }}", "listagg(name, ',') within group (order by name)", "listagg(name, ',')"),
                new Case("{{ dbt.listagg('name', \"' | '\", 'order by id desc') }}",
                        "listagg(name, ' | ') within group (order by id desc)", "listagg(name, ' | ') within group (order by id desc)"),
                new Case("{{ dbt.listagg('name', \"','\", 'order by id', 2) }}",
                        "array_join(slice(array_agg(name order by id) filter (where name is not null), 1, 2), ',')", null),
                new Case("select 1 as x {{ dbt.except() }} select 2 as x", "select 1 as x except select 2 as x",
                        "select 1 as x except select 2 as x", "%s"),
                new Case("select 1 as x {{ dbt.intersect() }} select 1 as x", "select 1 as x intersect select 1 as x",
                        "select 1 as x intersect select 1 as x", "%s"),
                new Case("{{ dbt.array_construct(['1', '2']) }}", "array[1, 2]"),
                new Case("{{ dbt.array_construct([], 'varchar') }}", "cast(array[] as array(varchar))", null),
                new Case("{{ dbt.array_construct() }}", "cast(array[] as array(integer))", null),
                new Case("{{ dbt.array_append('array[1, 2]', '3') }}", "concat(array[1, 2], array[3])", "array_append(array[1, 2], 3)"),
                new Case("{{ dbt.array_concat('array[1]', 'array[2, 3]') }}", "concat(array[1], array[2, 3])", "array_cat(array[1], array[2, 3])"),
                new Case("{{ dbt.cast('amount', 'decimal(18, 2)') }}", "cast(amount as decimal(18, 2))"),
                new Case("{{ dbt.safe_cast(\"'12x'\", dbt.type_int()) }}", "try_cast('12x' as integer)", "cast('12x' as integer)"),
                new Case("{{ dbt.cast_bool_to_text('1 = 1') }}", "cast(1 = 1 as varchar)"),
                new Case("{{ dbt.concat(['first_name', \"' '\", 'last_name']) }}", "first_name || ' ' || last_name"),
                new Case("'{{ dbt.escape_single_quotes(\"it's\") }}'", "'it''s'"),
                new Case("{{ dbt.string_literal('eu') }}", "'eu'"),
                new Case("{{ dbt.hash('id') }}", "lower(to_hex(md5(to_utf8(cast(id as varchar)))))", "md5(cast(id as varchar))"),
                new Case("{{ dbt.length('name') }}", "length(name)"),
                new Case("{{ dbt.position(\"'-'\", 'code') }}", "position('-' in code)"),
                new Case("{{ dbt.replace('code', \"'-'\", \"'_'\") }}", "replace(code, '-', '_')"),
                new Case("{{ dbt.right('code', 3) }}", "reverse(substr(reverse(code), 1, 3))", "right(code, 3)"),
                new Case("{{ dbt.split_part('path', \"'/'\", 2) }}", "split_part(path, '/', 2)"),
                new Case("{{ dbt.split_part('path', \"'/'\", -1) }}", "element_at(split(path, '/'), -1)",
                        "split_part(path, '/', (length(path) - length(replace(path, '/', ''))) / length('/') + 2 + (-1))"),
                new Case("{{ dbt.current_timestamp() }}", "current_timestamp"),
                new Case("{{ dbt.current_timestamp_backcompat() }}", "cast(current_timestamp as timestamp(6))", "cast(current_timestamp as timestamp)"),
                new Case("{{ dbt.current_timestamp_in_utc_backcompat() }}", "cast(current_timestamp at time zone 'UTC' as timestamp(6))",
                        "cast(current_timestamp as timestamp)"),
                new Case("{{ dbt.date(2024, 2, 29) }}", "date '2024-02-29'", "to_date('2024-02-29', 'YYYY-MM-DD')"),
                new Case("{{ dbt.date_trunc('month', 'ordered_at') }}", "date_trunc('month', ordered_at)"),
                new Case("{{ dbt.dateadd('day', -1, 'ordered_at') }}", "date_add('day', -1, ordered_at)", "timestampadd(DAY, -1, ordered_at)"),
                new Case("{{ dbt.dateadd(datepart='month', interval=2, from_date_or_timestamp=\"date '2024-01-31'\") }}",
                        "date_add('month', 2, date '2024-01-31')", "timestampadd(MONTH, 2, date '2024-01-31')"),
                new Case("{{ dbt.datediff('ordered_at', 'shipped_at', 'day') }}",
                        "date_diff('day', date_trunc('day', cast(ordered_at as timestamp(6))), date_trunc('day', cast(shipped_at as timestamp(6))))",
                        "timestampdiff(DAY, date_trunc('day', cast(ordered_at as timestamp)), date_trunc('day', cast(shipped_at as timestamp)))"),
                new Case("{{ dbt.last_day('ordered_at', 'month') }}", "last_day_of_month(ordered_at)", "last_day(ordered_at)"),
                new Case("{{ dbt.last_day('ordered_at', 'quarter') }}",
                        "cast(date_add('day', -1, date_add('quarter', 1, date_trunc('quarter', ordered_at))) as date)",
                        "cast(timestampadd(DAY, -1, timestampadd(QUARTER, 1, date_trunc('quarter', ordered_at))) as date)"),
                new Case("{{ dbt.type_string() }}", "varchar", "varchar", "select cast(1 as %s) as x"),
                new Case("{{ dbt.type_timestamp() }}", "timestamp(6)", "timestamp", "select cast(null as %s) as x"),
                new Case("{{ dbt.type_float() }}", "double", "double", "select cast(1 as %s) as x"),
                new Case("{{ dbt.type_numeric() }}", "decimal(28,6)", "decimal(28,6)", "select cast(1 as %s) as x"),
                new Case("{{ dbt.type_bigint() }}", "bigint", "bigint", "select cast(1 as %s) as x"),
                new Case("{{ dbt.type_int() }}", "integer", "integer", "select cast(1 as %s) as x"),
                new Case("{{ dbt.type_boolean() }}", "boolean", "boolean", "select cast(null as %s) as x"));
    }

    @ParameterizedTest
    @MethodSource("macros")
    void rendersTrinoSqlThatStrataReads(Case example) {
        String sql = render(TRINO, example.template());

        assertThat(sql).isEqualTo(example.trino());
        String query = example.query().formatted(sql);
        assertThat(new SqlAnalyzer().analyze(query).problem()).as(query).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("macros")
    void rendersDremioSql(Case example) {
        if (example.dremio() != null) {
            assertThat(render(DREMIO, example.template())).isEqualTo(example.dremio());
        }
    }

    static Stream<String> unsupportedOnDremio() {
        return Stream.of("{{ dbt.array_construct([]) }}", "{{ dbt.listagg('name', \"','\", 'order by id', 2) }}");
    }

    @ParameterizedTest
    @MethodSource("unsupportedOnDremio")
    void whatDremioCannotDoIsAnErrorNamingIt(String template) {
        assertThat(errors(DREMIO, template)).singleElement().asString().contains("is not supported on dremio");
    }

    @Test
    void anImpossibleDateIsAnErrorWhenTheTemplateRenders() {
        assertThat(errors(TRINO, "{{ dbt.date(2023, 2, 29) }}")).singleElement().asString().contains("day is out of range for month");
    }

    @Test
    void theUnprefixedNameCallsTheSameMacroAndTheProjectMayReplaceADialectsVariant() {
        CompiledProject compiled = TestProject.empty(root)
                .file("strata.yml", """
                        name: shop
                        profile: local
                        profiles:
                          local: {type: trino, schema: analytics}
                          lake: {type: dremio, schema: analytics, dremio: "grpc://localhost:32010", token_env: DREMIO_TOKEN}
                        """)
                .file("macros/hashing.sql", "{% macro dremio__hash(field) %}sha256({{ field }}){% endmacro %}")
                .file("models/orders.sql", "select {{ hash('id') }} as h, {{ dbt.type_timestamp() }} as t from t")
                .options(CompileOptions.defaults().withValidation(false).withProfile(Optional.of("lake")))
                .compile();

        assertThat(sql(compiled, "orders")).isEqualTo("select sha256(id) as h, timestamp as t from t");
    }

    private static String render(Profile target, String template) {
        RenderedTemplate rendered = ENVIRONMENT.render(inputs(target), "models/m.sql", template, Optional.of("m"), ModelConfig.EMPTY);
        assertThat(rendered.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        return rendered.text();
    }

    private static List<Diagnostic> errors(Profile target, String template) {
        return ENVIRONMENT.render(inputs(target), "models/m.sql", template, Optional.of("m"), ModelConfig.EMPTY).diagnostics().stream()
                .filter(Diagnostic::isError)
                .toList();
    }

    private static TemplateInputs inputs(Profile target) {
        return new TemplateInputs("shop", Map.of(), target, Map.of(), Map.of(), Set.of(), false);
    }
}
