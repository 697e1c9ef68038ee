package io.strata.project;

import io.strata.project.UnitTestDefinition.Format;
import io.strata.project.UnitTestDefinition.Input;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnitTestDefinitionTest {
    private static List<UnitTestDefinition> parse(String yaml) {
        return PropertiesFile.parse("models/schema.yml", yaml, Map.of()).unitTests();
    }

    private static String error(String yaml) {
        var thrown = new String[1];
        assertThatThrownBy(() -> parse(yaml)).isInstanceOfSatisfying(ProjectException.class,
                e -> thrown[0] = e.errors().getFirst().toString());
        return thrown[0];
    }

    @Test
    void aUnitTestReadsItsGivenRowsInEachFormatItsExpectationOverridesAndConfig() {
        List<UnitTestDefinition> tests = parse("""
                version: 2
                unit_tests:
                  - name: counts_paid_orders
                    model: order_totals
                    description: only paid orders count
                    given:
                      - input: ref('orders')
                        rows:
                          - {id: 1, status: paid}
                          - {id: 2}
                      - input: source("shop", "payments")
                        format: csv
                        rows: |
                          order_id,amount
                          1,10.5
                          2,
                      - input: this
                        format: sql
                        rows: select 1 as id;
                    expect:
                      rows: [{id: 1, total: 10.5}]
                    overrides:
                      vars: {cutoff: '2024-01-01'}
                      macros: {is_incremental: true}
                      env_vars: {REGION: eu}
                    config: {tags: finance, enabled: true}
                """);

        assertThat(tests).hasSize(1);
        UnitTestDefinition test = tests.getFirst();
        assertThat(test.name()).isEqualTo("counts_paid_orders");
        assertThat(test.model()).isEqualTo("order_totals");
        assertThat(test.modelLocation()).hasToString("models/schema.yml:4:5");
        assertThat(test.description()).contains("only paid orders count");
        assertThat(test.given()).extracting(UnitTestDefinition.Given::input).containsExactly(
                new Input.Ref("orders"), new Input.Source("shop", "payments"), new Input.This());
        UnitTestDefinition.Rows dict = test.given().get(0).rows();
        assertThat(dict.format()).isEqualTo(Format.DICT);
        assertThat(dict.columns()).containsExactly("id", "status");
        assertThat(dict.rows()).containsExactly(Map.of("id", 1L, "status", "paid"), Map.of("id", 2L));
        UnitTestDefinition.Rows csv = test.given().get(1).rows();
        assertThat(csv.format()).isEqualTo(Format.CSV);
        assertThat(csv.columns()).containsExactly("order_id", "amount");
        assertThat(csv.rows().get(0)).containsExactly(Map.entry("order_id", "1"), Map.entry("amount", "10.5"));
        assertThat(csv.rows().get(1)).containsEntry("amount", null);
        assertThat(test.given().get(2).rows().sql()).isEqualTo("select 1 as id");
        assertThat(test.expect().rows()).containsExactly(Map.of("id", 1L, "total", 10.5));
        assertThat(test.overrides().vars()).containsEntry("cutoff", "2024-01-01");
        assertThat(test.overrides().isIncremental()).contains(true);
        assertThat(test.overrides().envVars()).containsEntry("REGION", "eu");
        assertThat(test.tags()).containsExactly("finance");
        assertThat(test.enabled()).isTrue();
    }

    @Test
    void aDisabledUnitTestIsReadAsDisabled() {
        assertThat(parse("""
                unit_tests:
                  - {name: t, model: m, given: [], expect: {rows: []}, config: {enabled: false, tags: [a, b]}}
                """).getFirst()).satisfies(test -> {
            assertThat(test.enabled()).isFalse();
            assertThat(test.tags()).containsExactly("a", "b");
        });
    }

    @Test
    void anUnknownFormatIsAnErrorAtItsLine() {
        assertThat(error("""
                unit_tests:
                  - name: t
                    model: m
                    given:
                      - input: ref('a')
                        format: parquet
                        rows: []
                    expect: {rows: []}
                """)).isEqualTo("models/schema.yml:6:9: error: format 'parquet' of given ref('a') in unit test 't' must be dict, csv or sql");
    }

    @Test
    void aTestWithoutExpectNamesItsLine() {
        assertThat(error("""
                version: 2
                unit_tests:
                  - name: t
                    model: m
                    given: []
                """)).isEqualTo("models/schema.yml:3:5: error: unit test 't' needs 'expect:' with the rows the model must return");
    }

    @Test
    void aTestWithoutModelNamesItsLine() {
        assertThat(error("""
                unit_tests:
                  - name: t
                    expect: {rows: []}
                """)).isEqualTo("models/schema.yml:2:5: error: unit test 't' needs 'model:'");
    }

    @Test
    void anInputThatIsNotRefSourceOrThisIsAnError() {
        assertThat(error("""
                unit_tests:
                  - name: t
                    model: m
                    given: [{input: "orders", rows: []}]
                    expect: {rows: []}
                """)).isEqualTo("models/schema.yml:4:14: error: input 'orders' of unit test 't' must be ref('model'), source('source', 'table') or this");
    }

    @Test
    void aCsvRowWithTheWrongNumberOfFieldsNamesItsFileLine() {
        assertThat(error("""
                unit_tests:
                  - name: t
                    model: m
                    given:
                      - input: ref('a')
                        format: csv
                        rows: |
                          id,name
                          1,gerda
                          2
                    expect: {rows: []}
                """)).isEqualTo("models/schema.yml:10: error: a CSV row of given ref('a') in unit test 't' has 1 fields where the header names 2 columns");
    }

    @Test
    void dictRowsThatAreNotMappingsAreAnError() {
        assertThat(error("""
                unit_tests:
                  - name: t
                    model: m
                    given: []
                    expect:
                      rows:
                        - 1
                """)).isEqualTo("models/schema.yml:7:11: error: each row of expect in unit test 't' must be a mapping of column to value ({id: 1, name: gerda})");
    }

    @Test
    void fixtureFilesAreNotSupportedYet() {
        assertThat(error("""
                unit_tests:
                  - name: t
                    model: m
                    given: [{input: "ref('a')", format: csv, fixture: a_fixture}]
                    expect: {rows: []}
                """)).startsWith("models/schema.yml:4:").contains("fixture files of unit tests are not supported yet");
    }

    @Test
    void unitTestsAndSnapshotsAreReadWithoutAWarning() {
        var file = PropertiesFile.parse("models/schema.yml", """
                unit_tests:
                  - {name: t, model: m, given: [], expect: {rows: []}}
                snapshots:
                  - {name: s}
                """, Map.of());

        assertThat(file.warnings()).isEmpty();
        assertThat(file.unitTests()).hasSize(1);
        assertThat(file.snapshots()).hasSize(1);
    }
}
