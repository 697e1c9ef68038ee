package io.strata.project;

import io.strata.compile.TestProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BadInputTest {
    @TempDir
    Path root;

    @Test
    void aMissingProjectFileSaysWhereItLookedAndWhatToDo() {
        assertThatThrownBy(() -> TestProject.empty(root).compile())
                .isInstanceOf(ProjectNotFoundException.class)
                .hasMessageContaining("no strata.yml or dbt_project.yml in " + root)
                .hasMessageContaining("--project DIR");
    }

    @Test
    void malformedYamlNamesFileLineAndColumn() {
        var errors = TestProject.in(root)
                .file("models/m.sql", "select 1")
                .file("models/schema.yml", "version: 2\nmodels:\n  - name: m\n    description: [unclosed\n")
                .errors();

        assertThat(errors).singleElement().asString().startsWith("models/schema.yml:5:1: error: malformed YAML:");
    }

    @Test
    void aDuplicateYamlKeyIsAnError() {
        var errors = TestProject.in(root)
                .file("models/schema.yml", "version: 2\nmodels: []\nmodels: []\n")
                .errors();

        assertThat(errors).singleElement().asString().startsWith("models/schema.yml:3:1: error: malformed YAML:").contains("duplicate key models");
    }

    @Test
    void malformedProjectFileNamesItsLine() {
        var errors = TestProject.empty(root).file("strata.yml", "name: shop\nvars: {a: 1\n").errors();

        assertThat(errors).singleElement().asString().startsWith("strata.yml:3:1: error: malformed YAML:");
    }

    @Test
    void aJinjaSyntaxErrorNamesTheFileAndLine() {
        var errors = TestProject.in(root)
                .file("models/m.sql", "select 1\nfrom t\n{% if %}\n{% endif %}")
                .errors();

        assertThat(errors).first().asString().startsWith("models/m.sql:3:1: error: Syntax error in '{% if %}'");
    }

    @Test
    void anUnclosedBlockIsAnError() {
        var errors = TestProject.in(root).file("models/m.sql", "select 1\n{% for x in [1, 2] %}\n{{ x }}\n").errors();

        assertThat(errors).singleElement().asString().startsWith("models/m.sql:2").contains("Missing end tag: endfor");
    }

    @Test
    void anUnknownTokenInAMacrosDefaultsIsAnErrorAtTheMacroNotACrash() {
        var errors = TestProject.in(root)
                .file("macros/dedupe.sql", "{% macro newest_first(key, order_by=latest_column) %}row_number() over (partition by {{ key }}){% endmacro %}")
                .file("models/m.sql", "select\n  {{ newest_first('id') }} as n")
                .errors();

        assertThat(errors).first().asString().startsWith("macros/dedupe.sql:1").contains("error: in macro file: Unknown token found: latest_column");
    }

    @Test
    void anUnknownMacroIsAnErrorWithASuggestion() {
        var errors = TestProject.in(root)
                .file("macros/units.sql", "{% macro cents_to_eur(c) %}{{ c }} / 100{% endmacro %}")
                .file("models/m.sql", "select\n  {{ cent_to_eur('amount') }}")
                .errors();

        assertThat(errors).containsExactly("models/m.sql:2: error: unknown macro or function 'cent_to_eur()'; did you mean"
                + " 'cents_to_eur'?; macros are read from the macro paths (macros/**/*.sql)");
    }

    @Test
    void anUndefinedVariableIsAnError() {
        var errors = TestProject.in(root).file("models/m.sql", "select {{ amount_column }}").errors();

        assertThat(errors).containsExactly("models/m.sql:1:8: error: unknown variable 'amount_column' (undefined in this template)");
    }

    @Test
    void aMissingVarWithoutDefaultIsAnErrorSayingHowToSetIt() {
        var errors = TestProject.in(root).file("models/m.sql", "select 1\nwhere d > '{{ var('start_date') }}'").errors();

        assertThat(errors).singleElement().asString()
                .startsWith("models/m.sql:2: error: var('start_date') is not set")
                .contains("--vars");
    }

    @Test
    void aMacroFileWithASyntaxErrorNamesItsLine() {
        var errors = TestProject.in(root)
                .file("macros/broken.sql", "{% macro a() %}\n{% if x %}\n{% endmacro %}")
                .file("models/m.sql", "select 1")
                .errors();

        assertThat(errors).containsExactly("macros/broken.sql:3:1: error: in macro file: Syntax error in '{% endmacro %}':"
                + " Mismatched end tag, expected: endif");
    }

    @Test
    void aMacroDefinedTwiceIsAnErrorNamingBothFiles() {
        var errors = TestProject.in(root)
                .file("macros/a.sql", "{% macro money(c) %}{{ c }}{% endmacro %}")
                .file("macros/b.sql", "{% macro money(c) %}{{ c }}{% endmacro %}")
                .errors();

        assertThat(errors).containsExactly("macros/b.sql: error: macro 'money' is defined twice: here and in macros/a.sql; rename one of them");
    }

    @Test
    void anUnknownMaterializationIsAnErrorWithASuggestion() {
        var errors = TestProject.in(root).file("models/m.sql", "{{ config(materialized='tabel') }}\nselect 1").errors();

        assertThat(errors).containsExactly("models/m.sql: error: materialized='tabel' is not one of ephemeral, incremental, table, view; did you mean 'table'?");
    }

    @Test
    void anUnknownIncrementalStrategyIsAnErrorAtTheModelWithASuggestion() {
        var errors = TestProject.in(root)
                .file("models/m.sql", "{{ config(materialized='incremental', unique_key='id', incremental_strategy='delete_insert') }}\nselect 1 as id")
                .errors();

        assertThat(errors).containsExactly("models/m.sql: error: incremental_strategy='delete_insert' is not one of append, delete+insert, merge;"
                + " did you mean 'delete+insert'?");
    }

    @Test
    void aMergeIncrementalWithoutUniqueKeyIsAnError() {
        var errors = TestProject.in(root)
                .file("models/m.sql", "{{ config(materialized='incremental', incremental_strategy='merge') }}\nselect 1")
                .errors();

        assertThat(errors).containsExactly("models/m.sql: error: incremental_strategy='merge' needs unique_key: the column(s) that identify a row");
    }

    @Test
    void aModelThatIsNotAQueryIsAnError() {
        var errors = TestProject.in(root).file("models/m.sql", "insert into t values (1)").errors();

        assertThat(errors).singleElement().asString().startsWith("models/m.sql: error: a model must be a query");
    }

    @Test
    void aWrongTestSeverityIsAnErrorAtItsLine() {
        var errors = TestProject.in(root)
                .file("models/m.sql", "select 1 as id")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: m
                            columns:
                              - name: id
                                tests:
                                  - unique: {config: {severity: fatal}}
                        """)
                .errors();

        assertThat(errors).containsExactly("models/schema.yml:7:13: error: severity of test 'unique' must be 'warn' or 'error', not 'fatal'");
    }

    @Test
    void allErrorsOfAProjectAreReportedTogether() {
        var errors = TestProject.in(root)
                .file("models/a.sql", "select * from {{ ref('nope') }}")
                .file("models/b.sql", "select {{ missing }}")
                .errors();

        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).startsWith("models/a.sql:1");
        assertThat(errors.get(1)).startsWith("models/b.sql:1");
    }
}
