package io.strata.template;

import io.strata.project.Diagnostic;
import io.strata.project.ModelConfig;
import io.strata.project.Profile;
import io.strata.compile.CompileOptions;
import io.strata.compile.TestProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Templates that call Python's methods and dbt's helpers render as Jinja2 renders them in dbt. Each expected output
 * is Python's; booleans are shown through {@code 'yes' if … else 'no'} because printing them is a separate concern.
 */
class Jinja2MethodsTest {
    private static final TemplateEnvironment ENVIRONMENT = TemplateEnvironment.create(List.of());

    record Case(String template, String expected) {
        @Override
        public String toString() {
            return template.replace("\n", "\\n");
        }
    }

    static Stream<Case> stringMethods() {
        return Stream.of(
                new Case("{{ 'AbC'.lower() }}", "abc"),
                new Case("{{ 'AbC'.upper() }}", "ABC"),
                new Case("[{{ '  x  '.strip() }}]", "[x]"),
                new Case("[{{ '  x  '.lstrip() }}]", "[x  ]"),
                new Case("[{{ '  x  '.rstrip() }}]", "[  x]"),
                new Case("{{ 'xxaxx'.strip('x') }}", "a"),
                new Case("{{ '__a__'.lstrip('_') }}", "a__"),
                new Case("{{ 'orders.sql'.rstrip('.lqs') }}", "order"),
                new Case("{{ ' a  b\tc '.split() }}", "['a', 'b', 'c']"),
                new Case("{{ 'a,b'.split(',') }}", "['a', 'b']"),
                new Case("{{ 'a,b,,c,'.split(',') }}", "['a', 'b', '', 'c', '']"),
                new Case("{{ 'a,b,c'.split(',', 1) }}", "['a', 'b,c']"),
                new Case("{{ 'a,b,c'.split(',', maxsplit=1) }}", "['a', 'b,c']"),
                new Case("{{ '  a b  c  '.split(none, 1) }}", "['a', 'b  c  ']"),
                new Case("{{ ''.split() }}", "[]"),
                new Case("{{ 'a-b-b'.replace('b', 'c') }}", "a-c-c"),
                new Case("{{ 'a-b-b'.replace('b', 'c', 1) }}", "a-c-b"),
                new Case("{{ 'yes' if 'model_x'.startswith('model_') else 'no' }}", "yes"),
                new Case("{{ 'yes' if 'model_x'.startswith('x') else 'no' }}", "no"),
                new Case("{{ 'yes' if 'stg_orders'.startswith(('int_', 'stg_')) else 'no' }}", "yes"),
                new Case("{{ 'yes' if 'orders.sql'.endswith('.sql') else 'no' }}", "yes"),
                new Case("{{ 'yes' if 'orders.sql'.endswith(('.py', '.yml')) else 'no' }}", "no"),
                new Case("{{ '{} and {}'.format('a', 1) }}", "a and 1"),
                new Case("{{ '{1}-{0}'.format('a', 'b') }}", "b-a"),
                new Case("{{ '{name}_{n}'.format(name='x', n=2) }}", "x_2"),
                new Case("{{ '{!r} in {}'.format('a', ['a', 1]) }}", "'a' in ['a', 1]"),
                new Case("{{ '{{{}}}'.format('x') }}", "{x}"),
                new Case("{{ ', '.join(['a', 'b']) }}", "a, b"),
                new Case("{{ ', '.join(var('cols')) }}", "id, name"),
                new Case("{{ '-'.join('abc') }}", "a-b-c"),
                new Case("{{ 'hello world'.title() }}", "Hello World"),
                new Case("{{ \"they're 1st\".title() }}", "They'Re 1St"),
                new Case("{{ 'hELLO wORLD'.capitalize() }}", "Hello world"),
                new Case("{{ 'banana'.count('a') }}", "3"),
                new Case("{{ 'banana'.count('an', 2) }}", "1"),
                new Case("{{ 'banana'.find('n') }}", "2"),
                new Case("{{ 'banana'.find('a', 2) }}", "3"),
                new Case("{{ 'banana'.find('x') }}", "-1"),
                new Case("{{ 'banana'.rfind('a') }}", "5"),
                new Case("{{ 'banana'.index('nan') }}", "2"),
                new Case("{{ 'yes' if '123'.isdigit() else 'no' }}", "yes"),
                new Case("{{ 'yes' if '12a'.isdigit() else 'no' }}", "no"),
                new Case("{{ 'yes' if ''.isdigit() else 'no' }}", "no"),
                new Case("{{ '7'.zfill(3) }} {{ '-7'.zfill(3) }}", "007 -07"),
                new Case("{{ 'stg_orders'.removeprefix('stg_') }}", "orders"),
                new Case("[{{ 'ab'.ljust(4) }}][{{ 'ab'.rjust(4, '.') }}]", "[ab  ][..ab]"));
    }

    static Stream<Case> listMethods() {
        return Stream.of(
                new Case("{% set cols = ['a', 'b'] %}{% set _ = cols.append('c') %}{{ cols }}", "['a', 'b', 'c']"),
                new Case("{% set cols = ['a'] %}{% do cols.append('b') %}{{ cols }}", "['a', 'b']"),
                new Case("{% set cols = ['a'] %}{{ 'None' if cols.append('b') is none else 'a value' }}", "None"),
                new Case("{% set cols = var('cols') %}{% do cols.append('email') %}{{ cols }}", "['id', 'name', 'email']"),
                new Case("{% set cols = ['a'] %}{% do cols.extend(['b', 'c']) %}{{ cols }}", "['a', 'b', 'c']"),
                new Case("{{ ['a', 'b', 'c'].index('c') }}", "2"),
                new Case("{% set cols = ['a', 'b', 'c'] %}{{ cols.pop() }} {{ cols }}", "c ['a', 'b']"),
                new Case("{% set cols = ['a', 'b', 'c'] %}{{ cols.pop(0) }} {{ cols }}", "a ['b', 'c']"),
                new Case("{% set cols = ['a', 'b', 'c'] %}{{ cols.pop(-2) }} {{ cols }}", "b ['a', 'c']"),
                new Case("{% set cols = ['b'] %}{% do cols.insert(0, 'a') %}{% do cols.remove('b') %}{{ cols }}", "['a']"),
                new Case("{{ [1, 2, 1].count(1) }}", "2"),
                new Case("{% set cols = ['b', 'c', 'a'] %}{% do cols.sort() %}{{ cols }}", "['a', 'b', 'c']"),
                new Case("{% set cols = [2, 3, 1] %}{% do cols.sort(reverse=true) %}{{ cols }}", "[3, 2, 1]"),
                new Case("{% set cols = ['a', 'b'] %}{% do cols.reverse() %}{{ cols }}", "['b', 'a']"));
    }

    static Stream<Case> dictMethods() {
        return Stream.of(
                new Case("{% set d = {'a': 1, 'b': 2} %}{% for k, v in d.items() %}{{ k }}={{ v }} {% endfor %}", "a=1 b=2 "),
                new Case("{{ {'a': 1, 'b': 'x'}.items() | list }}", "[('a', 1), ('b', 'x')]"),
                new Case("{{ {'a': 1, 'b': 2}.keys() | list }}", "['a', 'b']"),
                new Case("{{ {'a': 1, 'b': 2}.values() | list }}", "[1, 2]"),
                new Case("{% for k in {'a': 1, 'b': 2}.keys() %}{{ k }}{% endfor %}", "ab"),
                new Case("{{ {'a': 1}.get('a') }} {{ {'a': 1}.get('z', 'fallback') }}", "1 fallback"),
                new Case("{{ 'None' if {'a': 1}.get('z') is none else 'a value' }}", "None"),
                new Case("{% set d = {'a': 1} %}{% do d.update({'b': 2}) %}{{ d }}", "{'a': 1, 'b': 2}"),
                new Case("{% set d = {'a': 1} %}{% do d.update(a=3, c='x') %}{{ d }}", "{'a': 3, 'c': 'x'}"),
                new Case("{% set d = {'a': 1, 'b': 2} %}{{ d.pop('a') }} {{ d }}", "1 {'b': 2}"),
                new Case("{% set d = {'a': 1} %}{{ d.pop('z', 0) }} {{ d }}", "0 {'a': 1}"),
                new Case("{% set d = {} %}{{ d.setdefault('k', []) }} {{ d }}", "[] {'k': []}"),
                new Case("{% set d = {'a': 1} %}{% set e = d.copy() %}{% do e.clear() %}{{ d }} {{ e }}", "{'a': 1} {}"));
    }

    static Stream<Case> membership() {
        return Stream.of(
                new Case("{{ 'yes' if 'b' in 'abc' else 'no' }}", "yes"),
                new Case("{{ 'yes' if 'ab' in 'cabd' else 'no' }}", "yes"),
                new Case("{{ 'yes' if 'x' not in 'abc' else 'no' }}", "yes"),
                new Case("{{ 'yes' if 'a' in ['a', 'b'] else 'no' }}", "yes"),
                new Case("{{ 'yes' if 'c' not in ['a', 'b'] else 'no' }}", "yes"),
                new Case("{{ 'yes' if 2 in [1, 2, 3] else 'no' }}", "yes"),
                new Case("{{ 'yes' if 'name' in var('cols') else 'no' }}", "yes"),
                new Case("{{ 'yes' if 'a' in {'a': 1} else 'no' }}", "yes"),
                new Case("{{ 'yes' if 1 in {'a': 1} else 'no' }}", "no"),
                new Case("{{ 'yes' if 'z' not in {'a': 1} else 'no' }}", "yes"));
    }

    static Stream<Case> helpers() {
        return Stream.of(
                new Case("{{ {'b': 1, 'a': [1, 'x']} | tojson }}", "{\"a\": [1, \"x\"], \"b\": 1}"),
                new Case("{{ \"<a href='x'>&\" | tojson }}", "\"\\u003ca href=\\u0027x\\u0027\\u003e\\u0026\""),
                new Case("{{ tojson({'b': 1, 'a': 2}) }}", "{\"b\": 1, \"a\": 2}"),
                new Case("{{ tojson({'b': 1, 'a': 2}, sort_keys=true) }}", "{\"a\": 2, \"b\": 1}"),
                new Case("{{ tojson([1.0, 2.5, none, true, 'é']) }}", "[1.0, 2.5, null, true, \"\\u00e9\"]"),
                new Case("{{ fromjson('{\"a\": [1, 2.5, null]}') }}", "{'a': [1, 2.5, None]}"),
                new Case("{{ fromjson('{\"a\": [1, 2]}')['a'] }}", "[1, 2]"),
                new Case("{{ fromjson('not json', 'fallback') }}", "fallback"),
                new Case("{{ fromjson('{bad') is none }}", "True"),
                new Case("{{ ('{\"a\": 1}' | fromjson).a }}", "1"),
                new Case("{{ toyaml({'a': 1, 'b': ['x', 'y'], 'c': {'d': none} }) }}", "a: 1\nb:\n- x\n- y\nc:\n  d: null\n"),
                new Case("{{ toyaml({'b': 1, 'a': 'yes'}, sort_keys=true) }}", "a: 'yes'\nb: 1\n"),
                new Case("{% set text %}a: 1\nb: [x, y]{% endset %}{{ fromyaml(text) }}", "{'a': 1, 'b': ['x', 'y']}"),
                new Case("{{ fromyaml('a: [', 'fallback') }}", "fallback"),
                new Case("{{ fromyaml('a: [') is none }}", "True"),
                new Case("{{ zip(['a', 'b'], [1, 2, 3]) | list }}", "[('a', 1), ('b', 2)]"),
                new Case("{% for c, t in zip(['id', 'name'], ['int', 'text']) %}{{ c }} {{ t }}, {% endfor %}", "id int, name text, "),
                new Case("{{ set([1, 2, 2, 3]) }}", "{1, 2, 3}"),
                new Case("{{ set(['a', 'a']) | length }}", "1"),
                new Case("{{ set(1, 'not iterable') }}", "not iterable"),
                new Case("{{ set_strict(['a', 'a']) | list }}", "['a']"),
                new Case("{{ local_md5('hello') }}", "5d41402abc4b2a76b9719d911017c592"));
    }

    static Stream<Case> printing() {
        return Stream.of(
                new Case("{{ ['a', 'b'] }}", "['a', 'b']"),
                new Case("{{ {'k': 1} }}", "{'k': 1}"),
                new Case("{{ [1, 2.5, \"it's\", none, true] }}", "[1, 2.5, \"it's\", None, True]"),
                new Case("{{ {'a': ['x', {'b': 2}]} }}", "{'a': ['x', {'b': 2}]}"),
                new Case("{{ [] }} {{ {} }}", "[] {}"),
                new Case("{{ var('cols') }}", "['id', 'name']"),
                new Case("{{ [1e-05, 1e16, 0.1] }}", "[1e-05, 1e+16, 0.1]"));
    }

    @ParameterizedTest
    @MethodSource({"stringMethods", "listMethods", "dictMethods", "membership", "helpers", "printing"})
    void rendersAsJinja2(Case example) {
        RenderedTemplate rendered = render(example.template());

        assertThat(rendered.diagnostics()).isEmpty();
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
                new ErrorCase("select 1\n{{ 'x'.nosuch() }}", 2, "str has no method 'nosuch'"),
                new ErrorCase("{{ ['x'].size() }}", 1, "list has no method 'size'"),
                new ErrorCase("\n\n{{ {'a': 1}.containsKey('a') }}", 3, "dict has no method 'containsKey'"),
                new ErrorCase("{{ (zip([1], [2]) | list)[0].append(3) }}", 1, "tuple has no method 'append'"),
                new ErrorCase("{{ 'a,b'.rsplit(',') }}", 1, "the Python method str.rsplit() is not supported yet"),
                new ErrorCase("{{ {}.fromkeys(['a']) }}", 1, "the Python method dict.fromkeys() is not supported yet"),
                new ErrorCase("{{ '{:>5}'.format('a') }}", 1, "str.format(): format specifications ('{:>5}') are not supported yet"),
                new ErrorCase("{{ 'a'.split(',', 1, 2) }}", 1, "str.split() takes at most 2 arguments (3 given)"),
                new ErrorCase("{{ 'a'.replace('a') }}", 1, "str.replace() missing required argument 'new'"),
                new ErrorCase("{{ ', '.join(['a', 1]) }}", 1, "str.join(): sequence item 1: expected str instance, int found"),
                new ErrorCase("{{ 'abc'.index('x') }}", 1, "str.index(): substring not found"),
                new ErrorCase("{{ '{} {}'.format('a') }}", 1, "str.format(): replacement index 1 out of range for 1 positional argument"),
                new ErrorCase("{{ [].pop() }}", 1, "list.pop(): pop from empty list"),
                new ErrorCase("{{ ['a'].index('b') }}", 1, "list.index(): 'b' is not in list"),
                new ErrorCase("{{ {'a': 1}.pop('z') }}", 1, "dict.pop('z'): the dict has no key 'z'; give a default: pop(key, default)"),
                new ErrorCase("{{ tojson(set([1])) }}", 1, "tojson(): a set cannot be written as JSON; make it a list first"),
                new ErrorCase("{{ set_strict(1) }}", 1, "set_strict(): int is not iterable"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void reportsWhatJinja2RejectsAtItsLine(ErrorCase example) {
        RenderedTemplate rendered = render(example.template());

        assertThat(rendered.diagnostics()).extracting(Diagnostic::toString).anySatisfy(message -> assertThat(message)
                .startsWith("models/m.sql:" + example.line() + ":")
                .contains("error: " + example.message()));
    }

    @Test
    void macrosBuildListsWithPythonMethodsAndModelsJoinThem(@TempDir Path root) {
        TestProject project = TestProject.in(root)
                .file("macros/columns.sql", """
                        {% macro upper_columns(columns) %}
                          {% set out = [] %}
                          {% for column in columns %}{% do out.append(column.strip().upper()) %}{% endfor %}
                          {{ return(out) }}
                        {% endmacro %}
                        """)
                .file("models/m.sql", "select {{ ', '.join(upper_columns([' id', 'name '])) }} from {{ ref('n') }}")
                .file("models/n.sql", "select 1 as id, 'x' as name")
                .options(CompileOptions.defaults().withValidation(false));

        assertThat(TestProject.sql(project.compile(), "m")).isEqualTo("select ID, NAME from analytics.n");
    }

    @Test
    void aMethodJinja2RejectsInAModelFailsTheCompilationAtItsLine(@TempDir Path root) {
        TestProject project = TestProject.in(root)
                .file("models/m.sql", "select 1 as id\n-- {{ 'x'.length() }}");

        assertThat(project.errors()).containsExactly("models/m.sql:2: error: str has no method 'length'");
    }

    private static RenderedTemplate render(String template) {
        Map<String, Object> vars = Map.of("cols", new ArrayList<>(List.of("id", "name")));
        TemplateInputs inputs = new TemplateInputs("shop", vars, Profile.local(), Map.of(), Map.of(), Set.of(), false);
        return ENVIRONMENT.render(inputs, "models/m.sql", template, Optional.of("m"), ModelConfig.EMPTY);
    }
}
