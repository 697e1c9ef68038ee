package io.strata.template;

import io.strata.project.ModelConfig;
import io.strata.project.Profile;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Templates and what Jinja2 (with dbt's settings: no trim_blocks, no lstrip_blocks, no kept trailing newline)
 * renders from them, each rendered through the real {@link TemplateEnvironment}. The expected texts follow Jinja2's
 * documented behaviour, not what Jinjava printed before.
 */
class Jinja2StatementsTest {
    private static final String MACROS = """
            {% macro rolling_average(column, window_size, partition_by=none) -%}
            avg({{ column }}) over ({% if partition_by is not none %}partition by {{ partition_by }} {% endif %}rows {{ window_size - 1 }} preceding)
            {%- endmacro %}

            {% macro column_list(columns) -%}
            {% for name, type in columns.items() if type != 'skip' %}{{ caller(name, type) }}{{ ',' if not loop.last }}{% endfor %}
            {%- endmacro %}
            """;
    private static final TemplateEnvironment ENVIRONMENT = TemplateEnvironment.create(List.of(new SourceText("macros/windows.sql", MACROS)));
    private static final TemplateInputs INPUTS = new TemplateInputs("shop", Map.of(), new Profile("local", "trino", "analytics", Map.of()),
            Map.of(), Map.of(), Set.of(), false);

    /** A template and its text as Jinja2 renders it. */
    record Rendering(String what, String template, String expected) {
        @Override
        public String toString() {
            return what;
        }
    }

    /** A template Jinja2 rejects (or Strata cannot render yet), the line it names and words of its message. */
    record Failure(String what, String template, String location, String message) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Rendering> rendersAsJinja2Does() {
        return Stream.of(
                // 1. none, None, true, True, false, False as literals
                new Rendering("none and the booleans are literals in either spelling",
                        "{{ none }}|{{ None }}|{{ true }}|{{ True }}|{{ false }}|{{ False }}", "None|None|True|True|False|False"),
                new Rendering("a macro parameter defaults to none",
                        "{{ rolling_average('amount', 3) }}; {{ rolling_average('amount', 7, 'shop_id') }}",
                        "avg(amount) over (rows 2 preceding); avg(amount) over (partition by shop_id rows 6 preceding)"),
                new Rendering("a macro in the template defaults to None and True",
                        "{% macro flag(name, on=True, note=None) %}{{ name }}={{ on }}/{{ note }}{% endmacro %}{{ flag('a') }} {{ flag('b', False, 'x') }}",
                        "a=True/None b=False/x"),
                new Rendering("is none and is not none test the value",
                        "{% set x = none %}{{ x is none }} {{ x is not none }} {{ 0 is none }} {{ '' is not none }}", "True False False True"),
                new Rendering("none compares and is false",
                        "{% set x = None %}{{ x == none }} {% if x %}yes{% else %}no{% endif %} {{ not none }}", "True no True"),
                new Rendering("a dict's missing key read with get is None", "{{ {'a': 1}.get('b') }}", "None"),
                new Rendering("a variable set to none is defined; an undefined name is not",
                        "{% set x = none %}{{ x is defined }} {{ x is undefined }} {{ undefined_name is defined }} {{ undefined_name is undefined }}",
                        "True False False True"),
                new Rendering("default keeps none and replaces what is undefined",
                        "{{ none | default('a') }} {{ undefined_name | default('b') }} {{ {'k': 1}.missing | d('c') }} {{ '' | default('d', true) }}",
                        "None b c d"),
                new Rendering("an undefined name is not none, joins as nothing and may default to none",
                        "{{ undefined_name is none }} [{{ undefined_name ~ 'a' }}] {{ undefined_name | default(none) }}"
                                + "{% set x = undefined_name | default(none) %} {{ x }}",
                        "False [a] None None"),
                new Rendering("a none default of a macro is defined and stays None through default",
                        "{% macro m(x=none) %}{{ x is defined }}/{{ x | default('fallback') }}{% endmacro %}{{ m() }}", "True/None"),

                // 2. for loops
                new Rendering("a filtered loop counts the kept items only, loop.last included",
                        "{% for x in [1, 2, 3, 4, 5] if x is odd %}{{ x }}{{ ', ' if not loop.last }}{% endfor %}", "1, 3, 5"),
                new Rendering("loop variables of a filtered loop",
                        "{% for x in ['a', 'b', 'c', 'd'] if x != 'b' %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.first }}/{{ loop.last }}/"
                                + "{{ loop.length }}/{{ loop.revindex }}:{{ x }} {% endfor %}",
                        "1/0/True/False/3/3:a 2/1/False/False/3/2:c 3/2/False/True/3/1:d "),
                new Rendering("a filter that keeps nothing renders the else branch",
                        "{% for x in [1, 2] if x > 5 %}{{ x }}{% else %}none kept{% endfor %}", "none kept"),
                new Rendering("else renders for an empty sequence only",
                        "{% for x in [] %}{{ x }}{% else %}empty{% endfor %}|{% for x in [1, 2] %}{{ x }}{% else %}empty{% endfor %}", "empty|12"),
                new Rendering("break and continue",
                        "{% for x in range(10) %}{% if x is even %}{% continue %}{% endif %}{% if x > 6 %}{% break %}{% endif %}{{ x }}{% endfor %}", "135"),
                new Rendering("a dict's items unpack into key and value",
                        "{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }};{% endfor %}", "a=1;b=2;"),
                new Rendering("pairs unpack, from lists and from tuples",
                        "{% for name, type in [['id', 'int'], ['ts', 'timestamp']] %}{{ name }} {{ type }}{{ ', ' if not loop.last }}{% endfor %}"
                                + "|{% for a, b in [(1, 2), (3, 4)] %}{{ a + b }}{% endfor %}",
                        "id int, ts timestamp|37"),
                new Rendering("a loop over a dict goes over its keys, over a string its characters",
                        "{% for k in {'a': 1, 'b': 2} %}{{ k }}{% endfor %} {% for c in 'xyz' %}[{{ c }}]{% endfor %} {% for (a, b) in [(1, 2)] %}{{ a + b }}{% endfor %}",
                        "ab [x][y][z] 3"),
                new Rendering("a filtered loop over items unpacks before the condition",
                        "{% for k, v in {'a': 1, 'b': 2, 'c': 3}.items() if v != 2 %}{{ k }}{{ loop.index }}{% endfor %}", "a1c2"),

                // 3. set blocks, namespace, filter blocks, call blocks, do, if without else, ~
                new Rendering("a set block captures its body",
                        "{% set columns %}id, {{ 'name' }}{% endset %}select {{ columns }} from t", "select id, name from t"),
                new Rendering("a set block trims with its whitespace control",
                        "{% set x -%}\n  a  \n{%- endset %}[{{ x }}]", "[a]"),
                new Rendering("a namespace set in a loop is seen after it",
                        "{% set ns = namespace(found=false, total=0) %}{% for x in [1, 2, 3] %}{% set ns.total = ns.total + x %}"
                                + "{% if x == 2 %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.found }} {{ ns.total }}",
                        "True 6"),
                new Rendering("a filter block", "{% filter upper %}select {{ 'a' }}{% endfilter %}", "SELECT A"),
                new Rendering("a filter block with arguments and a chain",
                        "{% filter replace('-', '_') | trim %}  a-b-c  {% endfilter %}", "a_b_c"),
                new Rendering("a call block's body is caller()",
                        "{% macro wrap(function) %}{{ function }}({{ caller() }}){% endmacro %}{% call wrap('count') %}*{% endcall %}", "count(*)"),
                new Rendering("caller(args) passes values to the call block",
                        "{% macro each(items) %}{% for i in items %}{{ caller(i, loop.index) }}{% endfor %}{% endmacro %}"
                                + "{% call(item, n) each(['a', 'b']) %}<{{ n }}:{{ item }}>{% endcall %}",
                        "<1:a><2:b>"),
                new Rendering("a project macro calls back a call block with arguments",
                        "select {% call(name, type) column_list({'id': 'int', 'x': 'skip', 'ts': 'timestamp'}) %}cast({{ name }} as {{ type }}){% endcall %}",
                        "select cast(id as int),cast(ts as timestamp)"),
                new Rendering("do runs an expression and prints nothing",
                        "{% set columns = [] %}{% do columns.append('id') %}{% do columns.extend(['name']) %}{{ columns | join(', ') }}", "id, name"),
                new Rendering("x if c without else is empty when c is false",
                        "[{{ 'a' if false }}][{{ 'b' if true }}][{{ 'c' if none }}]", "[][b][]"),
                new Rendering("x if c without else is undefined when c is false",
                        "{% set x = 'a' if false %}{{ x is defined }} {{ x | default('b') }} {{ ('c' if false) ~ 'd' }}", "False b d"),
                new Rendering("~ joins the text of numbers, none and booleans",
                        "{{ 1 ~ 'a' ~ none ~ true ~ 2.5 }}", "1aNoneTrue2.5"),

                // 4. printed values
                new Rendering("comparisons print True and False", "{{ 1 == 1 }} {{ 1 > 2 }}", "True False"),
                new Rendering("lists and dicts print as Python's repr",
                        "{{ [true, none] }} {{ ['a', 1, {'k': false}] }} {{ [\"it's\"] }}", "[True, None] ['a', 1, {'k': False}] [\"it's\"]"),
                new Rendering("tuples print as tuples", "{{ (1, 'a') }} {{ (1,) }} {{ [(1, none)] }} {{ {'k': 1}.items() | list }}",
                        "(1, 'a') (1,) [(1, None)] [('k', 1)]"),
                new Rendering("a comma may follow the last item", "{{ [1, 2,] }} {{ {'a': 1,} }}", "[1, 2] {'a': 1}"),
                new Rendering("string and join spell booleans and none as Python",
                        "{{ true | string }} {{ none | string }} {{ [true, none, 1] | join(',') }} {{ [{'a': false}] | join(attribute='a') }}",
                        "True None True,None,1 False"),
                new Rendering("join goes over a dict's keys and a string's characters",
                        "{{ {'a': 1, 'b': 2} | join(',') }} {{ 'abc' | join('-') }} {{ 'ab' | list }}", "a,b a-b-c ['a', 'b']"),

                // 5. whitespace control and the trailing newline
                new Rendering("{{- -}} trims around an expression", "a\n{{- 'b' -}}\nc", "abc"),
                new Rendering("{#- -#} trims around a comment", "a {#- note -#} b", "ab"),
                new Rendering("{%- -%} trims around a tag", "select\n  {%- if true -%}\n  1\n  {%- endif %}", "select1"),
                new Rendering("blocks keep their newline and indentation (no trim_blocks, no lstrip_blocks)",
                        "  {% if true %}\nx\n  {% endif %}\ny", "  \nx\n  \ny"),
                new Rendering("one trailing newline of the template is dropped", "select 1\n", "select 1"),
                new Rendering("only one trailing newline is dropped", "select 1\n\n", "select 1\n"),
                new Rendering("a newline the template prints at its end stays", "a{{ '\\n' }}", "a\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void rendersAsJinja2Does(Rendering rendering) {
        RenderedTemplate rendered = render(rendering.template());

        assertThat(rendered.diagnostics()).isEmpty();
        assertThat(rendered.text()).isEqualTo(rendering.expected());
    }

    static Stream<Failure> failsWhereJinja2Fails() {
        return Stream.of(
                new Failure("an undefined variable stays an error (strict mode)", "select 1\n{{ undefined_column }}",
                        "models/m.sql:2:1", "unknown variable 'undefined_column'"),
                new Failure("an undefined variable joined with none is still an error", "{{ none if undefined_flag else undefined_value }}",
                        "models/m.sql:1", "unknown variable 'undefined_flag"),
                new Failure("setting a variable to an undefined name is an error", "{% set x = 1 %}\n{% set y = undefined_name %}",
                        "models/m.sql:2", "unknown variable 'undefined_name'"),
                new Failure("a key the dict lacks is an error", "{% set d = {'a': 1} %}\n\n{{ d.b }}",
                        "models/m.sql:3", "unknown variable 'd.b'"),
                new Failure("an unknown filter", "\n{{ 'x' | no_such_filter }}", "models/m.sql:2", "No filter named 'no_such_filter'."),
                new Failure("an unknown filter in a filter block", "{% filter no_such_filter %}x{% endfilter %}",
                        "models/m.sql:1", "No filter named 'no_such_filter'."),
                new Failure("an unknown test", "{% if 1 is no_such_test %}{% endif %}", "models/m.sql:1", "No test named 'no_such_test'."),
                new Failure("an unknown test in a loop's filter", "\n{% for x in [1] if x is no_such_test %}{% endfor %}",
                        "models/m.sql:2", "No test named 'no_such_test'."),
                new Failure("an end tag that closes nothing", "select 1\n{% endfilter %}", "models/m.sql:2:1", "Encountered unknown tag 'endfilter'."),
                new Failure("a filter block that is not closed", "{% filter upper %}x", "models/m.sql:1", "Missing end tag: endfilter"),
                new Failure("a filter block without a filter", "{% filter %}x{% endfilter %}", "models/m.sql:1:1", "the filter tag needs a filter"),
                new Failure("a recursive loop is not supported yet", "\n\n{% for x in [] recursive %}{% endfor %}",
                        "models/m.sql:3:1", "a recursive for loop is not supported yet"),
                new Failure("loop.changed is not supported yet", "{% for x in [1] %}\n{{ loop.changed(x) }}{% endfor %}",
                        "models/m.sql:2", "loop.changed is not supported yet"),
                new Failure("loop.previtem is not supported yet", "{% for x in [1] %}{{ loop.previtem }}{% endfor %}",
                        "models/m.sql:1", "loop.previtem is not supported yet"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void failsWhereJinja2Fails(Failure failure) {
        RenderedTemplate rendered = render(failure.template());

        assertThat(rendered.hasErrors()).isTrue();
        assertThat(rendered.diagnostics()).filteredOn(diagnostic -> diagnostic.isError()).anySatisfy(diagnostic -> assertThat(diagnostic.toString())
                .startsWith(failure.location()).contains(failure.message()));
    }

    @Test
    void aCompiledModelReadsNoneAsUnsetAndLosesItsTrailingNewline(@TempDir Path root) {
        CompiledProject project = TestProject.in(root)
                .file("macros/windows.sql", MACROS)
                .file("models/orders.sql", "select 1 as id, 2 as amount, 3 as shop_id\n")
                .file("models/totals.sql", """
                        {{ config(alias=none, materialized='table', enabled=True) }}
                        select {{ rolling_average('amount', 2, partition_by=none) }} as average from {{ ref('orders') }}
                        """)
                .file("models/report.sql", "select * from {{ ref('totals') }}")
                .compile();

        assertThat(TestProject.sql(project, "totals"))
                .isEqualTo("\nselect avg(amount) over (rows 1 preceding) as average from analytics.orders");
        assertThat(TestProject.sql(project, "report")).isEqualTo("select * from analytics.totals");
    }

    private static RenderedTemplate render(String template) {
        return ENVIRONMENT.render(INPUTS, "models/m.sql", template, Optional.empty(), ModelConfig.EMPTY);
    }
}
