package io.strata.template;

import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.project.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.strata.compile.TestProject.sql;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code adapter.get_columns_in_relation} answers from what is known when the project compiles, as macros such as
 * dbt_utils' {@code star} need; {@code api.Relation.create} makes a relation.
 */
class DbtColumnsTest {
    @TempDir
    Path root;

    private TestProject project() {
        return TestProject.in(root)
                .file("seeds/customers.csv", "id,name,tier,joined_at\n1,Ana,gold,2024-01-01 10:00:00\n")
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: shop
                            tables:
                              - name: orders
                                columns:
                                  - {name: id, data_type: bigint}
                                  - {name: note, data_type: varchar}
                        """)
                .file("macros/star.sql", """
                        {% macro star(from, except=[]) -%}
                          {%- set names = [] -%}
                          {%- for col in adapter.get_columns_in_relation(from) -%}
                            {%- if col.column | lower not in except -%}{%- do names.append(col.quoted) -%}{%- endif -%}
                          {%- endfor -%}
                          {{ names | join(', ') }}
                        {%- endmacro %}
                        """)
                .options(CompileOptions.defaults().withValidation(false));
    }

    @Test
    void aSeedsColumnsComeFromItsFileInOrderWithTheirTypes() {
        CompiledProject compiled = project()
                .file("models/customer_names.sql", "select {{ star(ref('customers'), except=['tier']) }} from {{ ref('customers') }}")
                .file("models/customer_types.sql", """
                        {%- for c in adapter.get_columns_in_relation(ref('customers')) %}{{ c.name }} {{ c.data_type }} {{ c.is_string() }}; {% endfor -%}
                        """)
                .compile();

        assertThat(sql(compiled, "customer_names")).isEqualTo("select \"id\", \"name\", \"joined_at\" from analytics.customers");
        assertThat(sql(compiled, "customer_types"))
                .isEqualTo("id bigint False; name varchar True; tier varchar True; joined_at timestamp(6) False; ");
    }

    @Test
    void aSourceTablesColumnsComeFromItsYaml() {
        CompiledProject compiled = project()
                .file("models/order_columns.sql", """
                        {%- for c in adapter.get_columns_in_relation(source('shop', 'orders')) %}{{ c.name }}:{{ c.dtype }}:{{ c.is_number() }} {% endfor -%}
                        """)
                .compile();

        assertThat(sql(compiled, "order_columns")).isEqualTo("id:bigint:True note:varchar:False ");
    }

    @Test
    void aModelNotYetOnMainHasNoColumnsAndAWarningSaysWhy() {
        CompiledProject compiled = project()
                .file("models/base.sql", "select 1 as id")
                .file("models/wide.sql", "select {{ star(ref('base')) or '*' }} from {{ ref('base') }}")
                .compile();

        assertThat(sql(compiled, "wide")).isEqualTo("select * from analytics.base");
        assertThat(compiled.warnings()).extracting(Diagnostic::toString).singleElement().asString()
                .startsWith("macros/star.sql:3:")
                .contains("in macro 'star' (rendering models/wide.sql): the columns of ref('base') are not known when the project compiles");
    }

    @Test
    void apiRelationCreateMakesARelation() {
        CompiledProject compiled = project()
                .file("models/m.sql", "{% set r = api.Relation.create(schema='raw', identifier='events') %}select * from {{ r }} -- {{ r.identifier }}")
                .compile();

        assertThat(sql(compiled, "m")).isEqualTo("select * from raw.events -- events");
    }
}
