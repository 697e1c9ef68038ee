package io.strata.template;

import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.project.Diagnostic;
import io.strata.project.ModelConfig;
import io.strata.project.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static io.strata.compile.TestProject.sql;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * dbt's context members beyond ref, source and var ({@code config.get}, {@code exceptions}, {@code adapter.quote},
 * {@code invocation_id}, {@code run_started_at}, {@code modules.datetime}, {@code doc}) render as dbt documents them.
 */
class DbtContextTest {
    private static final TemplateEnvironment ENVIRONMENT = TemplateEnvironment.create(List.of());
    private static final Invocation INVOCATION = new Invocation("6f1c1f4e-2c5e-4c43-9b1e-3d2a8f0c9a11", Instant.parse("2026-12-02T10:40:00.123456Z"));
    private static final ModelConfig YAML_CONFIG = new ModelConfig(Map.of("materialized", "table", "owner", "ana", "tags", List.of("daily")));

    @TempDir
    Path root;

    record Case(String template, String expected) {
        @Override
        public String toString() {
            return template.replace("\n", "\\n");
        }
    }

    static Stream<Case> renders() {
        return Stream.of(
                new Case("{{ config.get('materialized') }}", "table"),
                new Case("{{ config.get('owner', 'nobody') }}", "ana"),
                new Case("{{ config.get('unique_key') }}", "None"),
                new Case("{{ config.get('unique_key', 'id') }}", "id"),
                new Case("{{ config.get('unique_key', default='id') }}", "id"),
                new Case("{{ config.get('tags') }}", "['daily']"),
                new Case("{{ config.require('owner') }}", "ana"),
                new Case("{{ config(materialized='incremental', unique_key='id') }}{{ config.get('materialized') }} {{ config.require('unique_key') }}",
                        "incremental id"),
                new Case("{{ config(tags=['hourly']) }}{{ config.get('tags') }}", "['daily', 'hourly']"),
                new Case("{% set key = config.get('unique_key', none) %}{{ 'merge' if key else 'append' }}", "append"),
                new Case("{{ adapter.quote('order') }}", "\"order\""),
                new Case("{{ adapter.quote('say \"hi\"') }}", "\"say \"\"hi\"\"\""),
                new Case("{{ adapter.type() }}", "trino"),
                new Case("{{ exceptions.warn('careful') }}select 1", "select 1"),
                new Case("{{ invocation_id }}", "6f1c1f4e-2c5e-4c43-9b1e-3d2a8f0c9a11"),
                new Case("{{ run_started_at }}", "2026-12-02 10:40:00.123456+00:00"),
                new Case("{{ run_started_at.strftime('%Y-%m-%d') }}", "2026-12-02"),
                new Case("{{ run_started_at.strftime('%Y%m%d %H:%M:%S.%f %z %a %b %j %%') }}", "20261202 10:40:00.123456 +0000 Wed Dec 336 %"),
                new Case("{{ run_started_at.isoformat() }}", "2026-12-02T10:40:00.123456+00:00"),
                new Case("{{ run_started_at.year }}-{{ run_started_at.month }}", "2026-12"),
                new Case("{{ run_started_at.date() }}", "2026-12-02"),
                new Case("{{ modules.datetime.datetime.fromisoformat('2024-01-31 08:05:00') }}", "2024-01-31 08:05:00"),
                new Case("{{ modules.datetime.date.fromisoformat('2024-01-31').strftime('%d/%m/%y') }}", "31/01/24"),
                new Case("{{ modules.datetime.timedelta(days=1, hours=2, minutes=3) }}", "1 day, 2:03:00"),
                new Case("{{ modules.datetime.timedelta(hours=36).days }}", "1"),
                new Case("{{ (run_started_at - modules.datetime.timedelta(days=1)).strftime('%Y-%m-%d') }}", "2026-12-01"),
                new Case("{{ run_started_at + modules.datetime.timedelta(hours=1) }}", "2026-12-02 11:40:00.123456+00:00"),
                new Case("{{ modules.datetime.date.fromisoformat('2024-03-01') - modules.datetime.timedelta(days=1) }}", "2024-02-29"),
                new Case("{{ (modules.datetime.date.fromisoformat('2024-03-01') - modules.datetime.date.fromisoformat('2024-01-01')).days }}", "60"),
                new Case("{% set datetime = modules.datetime.datetime %}{{ datetime.fromisoformat('2026-12-02 10:40:00') - datetime.fromisoformat('2026-12-01 10:00:00') }}",
                        "1 day, 0:40:00"),
                new Case("{{ 1 + 2 }} {{ [1] + [2] }} {{ 'a' + 'b' }} {{ 5 - 3 }} {{ 2.5 - 1 }}", "3 [1, 2] ab 2 1.5"),
                new Case("{{ 'yes' if modules.re.match('stg_', 'stg_orders') else 'no' }}", "yes"),
                new Case("{{ 'yes' if modules.re.match('orders', 'stg_orders') else 'no' }}", "no"),
                new Case("{{ modules.re.search('_(\\\\w+)$', 'stg_orders').group(1) }}", "orders"),
                new Case("{{ modules.re.search('(?P<layer>[a-z]+)_(?P<name>\\\\w+)', 'stg_orders').group('name') }}", "orders"),
                new Case("{{ modules.re.search('(?P<layer>[a-z]+)_(?P<name>\\\\w+)', 'stg_orders').groupdict() }}", "{'layer': 'stg', 'name': 'orders'}"),
                new Case("{{ modules.re.match('(a)(b)?', 'ac').groups() }}", "('a', None)"),
                new Case("{{ modules.re.match('ab', 'abc') }}", "<re.Match object; span=(0, 2), match='ab'>"),
                new Case("{{ modules.re.fullmatch('\\\\d+', '123x') }}", "None"),
                new Case("{{ modules.re.findall('\\\\d+', 'a1b22c333') }}", "['1', '22', '333']"),
                new Case("{{ modules.re.findall('(\\\\w)=(\\\\d)', 'a=1, b=2') }}", "[('a', '1'), ('b', '2')]"),
                new Case("{{ modules.re.sub('[^a-z0-9]+', '_', 'order items (eu)') }}", "order_items_eu_"),
                new Case("{{ modules.re.sub('(\\\\w+)@(\\\\w+)', '\\\\2 at \\\\g<1>', 'ana@shop') }}", "shop at ana"),
                new Case("{{ modules.re.sub('a', '$', 'banana', 2) }}", "b$n$na"),
                new Case("{{ modules.re.sub('ORDER', 'x', 'order Order', flags=modules.re.IGNORECASE) }}", "x x"),
                new Case("{{ modules.re.split('[,;]\\\\s*', 'a, b;c') }}", "['a', 'b', 'c']"),
                new Case("{% set pattern = modules.re.compile('^(stg|int)_') %}{{ pattern.sub('', 'stg_orders') }} {{ pattern.pattern }}", "orders ^(stg|int)_"),
                new Case("{{ modules.re.escape('a.b*c') }}", "a\\.b\\*c"),
                new Case("{{ doc('orders') }}", "One row per order."),
                new Case("{{ doc('shop', 'orders') }}", "One row per order."));
    }

    @ParameterizedTest
    @MethodSource("renders")
    void rendersAsDbtDoes(Case example) {
        RenderedTemplate rendered = render(example.template());

        assertThat(rendered.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        assertThat(rendered.text()).isEqualTo(example.expected());
    }

    record ErrorCase(String template, int line, String message) {
        @Override
        public String toString() {
            return template.replace("\n", "\\n");
        }
    }

    static Stream<ErrorCase> errors() {
        return Stream.of(
                new ErrorCase("select 1\n{{ config.require('unique_key') }}", 2,
                        "config.require('unique_key'): model 'm' does not set the required config 'unique_key'"),
                new ErrorCase("{{ config.require('unique_key') }}\n{{ config(unique_key='id') }}", 1, "does not set the required config 'unique_key'"),
                new ErrorCase("select 1\n\n{{ exceptions.raise_compiler_error('bad input: ' ~ 42) }}", 3, "bad input: 42"),
                new ErrorCase("{{ exceptions.raise_not_implemented('no way') }}", 1, "no way"),
                new ErrorCase("{{ exceptions.explode('x') }}", 1, "exceptions has no method 'explode'"),
                new ErrorCase("{{ config.meta_get('x') }}", 1, "config.meta_get() is not supported yet"),
                new ErrorCase("\n{{ doc('customers') }}", 2, "doc('customers'): no docs block named 'customers'"),
                new ErrorCase("{{ adapter.get_relation(this) }}", 1, "adapter.get_relation() is not supported yet"),
                new ErrorCase("{{ adapter.frobnicate() }}", 1, "adapter has no method 'frobnicate'"),
                new ErrorCase("select 1\n{% set rows = run_query('select 1') %}", 2, "run_query() is not supported yet"),
                new ErrorCase("{% call statement('main', fetch_result=True) %}select 1{% endcall %}", 1, "statement() is not supported yet"),
                new ErrorCase("{{ load_result('main') }}", 1, "load_result() is not supported yet"),
                new ErrorCase("{% for node in graph.nodes.values() %}{% endfor %}", 1, "'graph' is not supported yet"),
                new ErrorCase("{{ api.Column('a', 'int') }}", 1, "api has no method 'Column'"),
                new ErrorCase("{{ modules.pytz.utc }}", 1, "modules.pytz is not supported yet"),
                new ErrorCase("{{ modules.re.match('(', 'a') }}", 1, "re: cannot read the pattern '('"),
                new ErrorCase("{{ run_started_at + 1 }}", 1, "unsupported operand type(s) for +: 'datetime.datetime' and 'int'"),
                new ErrorCase("{{ run_started_at - modules.datetime.datetime.fromisoformat('2026-12-01') }}", 1,
                        "unsupported operand type(s) for -: 'datetime.datetime' and 'datetime.datetime'"),
                new ErrorCase("{{ run_started_at.strftime('%G') }}", 1, "strftime(): the directive '%G' is not supported yet"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void reportsAtItsLine(ErrorCase example) {
        RenderedTemplate rendered = render(example.template());

        assertThat(rendered.diagnostics()).filteredOn(Diagnostic::isError).extracting(Diagnostic::toString)
                .anySatisfy(message -> assertThat(message)
                        .startsWith("models/m.sql:" + example.line() + ":")
                        .contains("error: ").contains(example.message()));
    }

    @Test
    void warnIsAWarningAtItsLineAndRenderingGoesOn() {
        RenderedTemplate rendered = render("select 1\n{{ exceptions.warn('deprecated model') }}select 2");

        assertThat(rendered.text()).isEqualTo("select 1\nselect 2");
        assertThat(rendered.diagnostics()).extracting(Diagnostic::toString).containsExactly("models/m.sql:2: warning: deprecated model");
    }

    @Test
    void aRenderThatReadsTheInvocationOrTheClockIsNotReusable() {
        assertThat(render("select '{{ run_started_at }}'").reusable()).isFalse();
        assertThat(render("select '{{ invocation_id }}'").reusable()).isFalse();
        assertThat(render("select '{{ modules.datetime.date.today() }}'").reusable()).isFalse();
        assertThat(render("select '{{ modules.datetime.datetime.utcnow() }}'").reusable()).isFalse();
        assertThat(render("select '{{ modules.datetime.date.fromisoformat('2024-01-01') }}'").reusable()).isTrue();
        assertThat(render("select '{{ modules.re.sub('_', '-', 'a_b') }}'").reusable()).isTrue();
        assertThat(render("select '{{ config.get('owner') }}'").reusable()).isTrue();
    }

    @Test
    void todayIsTheLocalDate() {
        LocalDate before = LocalDate.now();
        String today = render("{{ modules.datetime.date.today() }}").text();

        assertThat(today).isIn(before.toString(), LocalDate.now().toString());
    }

    @Test
    void configGetSeesYamlConfigAndEarlierConfigCalls() {
        TestProject project = TestProject.in(root)
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: orders
                            config:
                              owner: ana
                        """)
                .file("models/orders.sql", """
                        select '{{ config.get('owner') }}' as owner, '{{ config.get('materialized', 'view') }}' as before_call
                        {{ config(materialized='table') }}
                        , '{{ config.get('materialized') }}' as after_call, '{{ shown_materialization() }}' as in_macro""")
                .file("macros/shown.sql", "{% macro shown_materialization() %}{{ config.require('materialized') }}{% endmacro %}")
                .options(CompileOptions.defaults().withValidation(false));

        assertThat(sql(project.compile(), "orders"))
                .isEqualTo("select 'ana' as owner, 'view' as before_call\n\n, 'table' as after_call, 'table' as in_macro");
    }

    @Test
    void raiseCompilerErrorInAMacroNamesTheMacroFileLineAndTheModel() {
        TestProject project = TestProject.in(root)
                .file("macros/guards.sql", """
                        {% macro require_positive(n) %}
                          {% if n <= 0 %}
                            {{ exceptions.raise_compiler_error('n must be positive, got ' ~ n) }}
                          {% endif %}
                        {% endmacro %}""")
                .file("models/orders.sql", "select 1 as id\n{{ require_positive(-1) }}");

        assertThat(project.errors()).singleElement().asString()
                .startsWith("macros/guards.sql:3:")
                .contains("in macro 'require_positive' (rendering models/orders.sql): n must be positive, got -1");
    }

    @Test
    void warnInAModelIsACompileWarningAndTheModelCompiles() {
        CompiledProject compiled = TestProject.in(root)
                .file("models/orders.sql", "select 1 as id\n{{ exceptions.warn('orders is deprecated; use orders_v2') }}")
                .compile();

        assertThat(sql(compiled, "orders")).isEqualTo("select 1 as id\n");
        assertThat(compiled.warnings()).extracting(Diagnostic::toString)
                .containsExactly("models/orders.sql:2: warning: orders is deprecated; use orders_v2");
    }

    @Test
    void aDocsBlockDefinedTwiceIsAnErrorNamingBothFiles() {
        TestProject project = TestProject.in(root)
                .file("models/a.md", "{% docs orders %}A{% enddocs %}")
                .file("models/b.md", "\n{% docs orders %}B{% enddocs %}")
                .file("models/orders.sql", "select 1 as id");

        assertThat(project.errors()).containsExactly(
                "models/b.md:2: error: docs block 'orders' is defined twice: here and in models/a.md; rename one of them");
    }

    @Test
    void docReadsDocsBlocksFromMarkdownUnderTheModelPaths() {
        TestProject project = TestProject.in(root)
                .file("models/docs/orders.md", """
                        {% docs orders_status %}
                        One of placed, shipped or returned.
                        {% enddocs %}

                        {% docs orders_id %}The order's key.{% enddocs %}
                        """)
                .file("models/orders.sql", "select 1 as id -- {{ doc('orders_id') }}\n-- {{ doc('orders_status') }}");

        assertThat(sql(project.compile(), "orders")).isEqualTo("select 1 as id -- The order's key.\n-- One of placed, shipped or returned.");
    }

    @Test
    void anUnknownDocsBlockFailsTheCompilationNamingIt() {
        TestProject project = TestProject.in(root)
                .file("models/orders.md", "{% docs orders_id %}The order's key.{% enddocs %}")
                .file("models/orders.sql", "select 1 as id\n-- {{ doc('order_id') }}");

        assertThat(project.errors()).singleElement().asString()
                .startsWith("models/orders.sql:2:")
                .contains("no docs block named 'order_id'; did you mean 'orders_id'?");
    }

    @Test
    void everyTemplateOfOneCompilationSeesTheSameInvocationAndTheNextCompilationANewOne() {
        TestProject project = TestProject.in(root)
                .file("models/a.sql", "select '{{ invocation_id }}' as id, '{{ run_started_at }}' as started")
                .file("models/b.sql", "select '{{ invocation_id }}' as id, '{{ run_started_at }}' as started")
                .options(CompileOptions.defaults().withValidation(false));

        var first = project.compile();
        var second = project.compile();

        assertThat(sql(first, "a")).isEqualTo(sql(first, "b")).matches("select '[0-9a-f-]{36}' as id, '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00' as started");
        assertThat(sql(second, "a")).isNotEqualTo(sql(first, "a"));
    }

    @Test
    void aRunThatCompilesAgainPassesItsInvocationOn() {
        TestProject project = TestProject.in(root)
                .file("models/a.sql", "select '{{ invocation_id }}' as id, '{{ run_started_at.isoformat() }}' as started")
                .options(CompileOptions.defaults().withValidation(false));

        CompiledProject compiled;
        try (var compiler = project.compiler()) {
            compiled = compiler.compile(Set.of("a"), false, INVOCATION);
        }

        assertThat(compiled.invocation()).isEqualTo(INVOCATION);
        assertThat(sql(compiled, "a")).isEqualTo("select '6f1c1f4e-2c5e-4c43-9b1e-3d2a8f0c9a11' as id, '2026-12-02T10:40:00.123456+00:00' as started");
    }

    private static RenderedTemplate render(String template) {
        TemplateInputs inputs = new TemplateInputs("shop", Map.of(), Profile.local(), Map.of(), Map.of(), Set.of(), false,
                Map.of("orders", "One row per order."), INVOCATION, RelationColumns.NONE);
        return ENVIRONMENT.render(inputs, "models/m.sql", template, Optional.of("m"), YAML_CONFIG);
    }
}
