package io.strata.graph;

import io.strata.compile.TestProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class GraphErrorsTest {
    @TempDir
    Path root;

    @Test
    void aCycleIsOneErrorNamingTheWholeLoopWithFiles() {
        var errors = TestProject.in(root)
                .file("models/a.sql", "select * from {{ ref('c') }}")
                .file("models/b.sql", "select * from {{ ref('a') }}")
                .file("models/sub/c.sql", "select * from {{ ref('b') }}")
                .file("models/d.sql", "select * from {{ ref('a') }}")
                .errors();

        assertThat(errors).containsExactly("models/a.sql: error: dependency cycle: a (models/a.sql) -> b (models/b.sql)"
                + " -> c (models/sub/c.sql) -> a; remove one of these refs");
    }

    @Test
    void aModelThatRefsItselfIsACycle() {
        var errors = TestProject.in(root).file("models/a.sql", "select * from {{ ref('a') }}").errors();

        assertThat(errors).singleElement().asString().contains("dependency cycle: a (models/a.sql) -> a");
    }

    @Test
    void anUnknownRefNamesFileAndLineAndSuggestsTheClosestName() {
        var errors = TestProject.in(root)
                .file("models/customers.sql", "select 1 as id")
                .file("models/orders.sql", "select *\nfrom {{ ref('customer') }}")
                .errors();

        assertThat(errors).containsExactly("models/orders.sql:2: error: ref('customer') names no model, seed or asset"
                + " of this project; did you mean 'customers'?");
    }

    @Test
    void anUnknownSourceNamesFileAndLine() {
        var errors = TestProject.in(root)
                .file("models/sources.yml", "version: 2\nsources:\n  - name: erp\n    tables: [{name: orders}]\n")
                .file("models/m.sql", "\n\nselect * from {{ source('erp', 'order') }}")
                .errors();

        assertThat(errors).containsExactly("models/m.sql:3: error: source('erp', 'order') is not declared under 'sources:'"
                + " in any YAML file; did you mean 'erp.orders'?");
    }

    @Test
    void twoModelsWithTheSameNameAreAnErrorNamingBothFiles() {
        var errors = TestProject.in(root)
                .file("models/silver/orders.sql", "select 1")
                .file("models/gold/orders.sql", "select 2")
                .errors();

        assertThat(errors).singleElement().asString()
                .contains("model 'orders' is defined twice")
                .contains("models/gold/orders.sql").contains("models/silver/orders.sql");
    }

    @Test
    void aSeedAndAModelWithTheSameNameAreAnError() {
        var errors = TestProject.in(root)
                .file("models/countries.sql", "select 1")
                .file("seeds/countries.csv", "code\nDE\n")
                .errors();

        assertThat(errors).singleElement().asString()
                .startsWith("seeds/countries.csv: error: seed 'countries' has the same name as the asset defined at models/countries.sql");
    }

    @Test
    void aRelationshipTestToAnUnknownModelIsAnErrorAtItsYamlLine() {
        var errors = TestProject.in(root)
                .file("models/orders.sql", "select 1 as customer_id")
                .file("models/schema.yml", """
                        version: 2
                        models:
                          - name: orders
                            columns:
                              - name: customer_id
                                tests:
                                  - relationships:
                                      to: ref('custmers')
                                      field: id
                        """)
                .errors();

        assertThat(errors).containsExactly("models/schema.yml:7:13: error: test 'relationships' refers to ref('custmers'),"
                + " which names no model, seed or asset");
    }
}
