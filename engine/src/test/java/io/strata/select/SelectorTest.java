package io.strata.select;

import io.strata.api.AssetKey;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The graph used here:
 * <pre>
 * erp/orders -> stg_orders -> orders -> revenue (gold, tag finance)
 *               stg_customers -> customers -> revenue
 *                                customers -> churn (gold)
 * </pre>
 */
class SelectorTest {
    @TempDir
    Path root;

    private CompiledProject project;

    @BeforeEach
    void writeProject() {
        project = TestProject.empty(root)
                .file("strata.yml", "name: shop\nmodels:\n  gold:\n    +tags: [reporting]\n")
                .file("models/sources.yml", "version: 2\nsources:\n  - name: erp\n    tables: [{name: orders}, {name: customers}]\n")
                .file("models/staging/stg_orders.sql", "select * from {{ source('erp', 'orders') }}")
                .file("models/staging/stg_customers.sql", "select * from {{ source('erp', 'customers') }}")
                .file("models/silver/orders.sql", "{{ config(materialized='table') }}\nselect * from {{ ref('stg_orders') }}")
                .file("models/silver/customers.sql", "{{ config(materialized='table') }}\nselect * from {{ ref('stg_customers') }}")
                .file("models/gold/revenue.sql", "{{ config(tags=['finance']) }}\nselect * from {{ ref('orders') }} join {{ ref('customers') }} using (id)")
                .file("models/gold/churn.sql", "select * from {{ ref('customers') }}")
                .compile();
    }

    private List<String> select(String... selectors) {
        return Selector.parse(List.of(selectors), List.of()).select(project.graph()).stream().map(AssetKey::toString).toList();
    }

    private List<String> selectExcluding(String selector, String exclude) {
        return Selector.parse(List.of(selector), List.of(exclude)).select(project.graph()).stream().map(AssetKey::toString).toList();
    }

    @Test
    void aNameSelectsOneAsset() {
        assertThat(select("orders")).containsExactly("orders");
    }

    @Test
    void plusBeforeAddsAllAncestorsAndAfterAddsAllDescendants() {
        assertThat(select("+orders")).containsExactlyInAnyOrder("erp/orders", "stg_orders", "orders");
        assertThat(select("orders+")).containsExactlyInAnyOrder("orders", "revenue");
    }

    @Test
    void aNumberLimitsTheDepth() {
        assertThat(select("1+orders")).containsExactlyInAnyOrder("stg_orders", "orders");
        assertThat(select("stg_customers+1")).containsExactlyInAnyOrder("stg_customers", "customers");
    }

    @Test
    void atAddsDescendantsAndEveryAncestorOfThem() {
        assertThat(select("@orders")).containsExactlyInAnyOrder("erp/orders", "stg_orders", "orders", "revenue",
                "customers", "stg_customers", "erp/customers");
    }

    @Test
    void tagPathLayerSourceKindAndConfigMethods() {
        assertThat(select("tag:finance")).containsExactly("revenue");
        assertThat(select("tag:reporting")).containsExactlyInAnyOrder("revenue", "churn");
        assertThat(select("path:models/staging")).containsExactlyInAnyOrder("stg_orders", "stg_customers");
        assertThat(select("path:models/sources.yml")).containsExactlyInAnyOrder("erp/orders", "erp/customers");
        assertThat(select("path:models/gold/churn.sql")).containsExactly("churn");
        assertThat(select("layer:silver")).containsExactlyInAnyOrder("orders", "customers");
        assertThat(select("source:erp")).containsExactlyInAnyOrder("erp/orders", "erp/customers");
        assertThat(select("source:erp.orders+1")).containsExactlyInAnyOrder("erp/orders", "stg_orders");
        assertThat(select("kind:source")).containsExactlyInAnyOrder("erp/orders", "erp/customers");
        assertThat(select("config.materialized:table")).containsExactlyInAnyOrder("orders", "customers");
    }

    @Test
    void aFolderNameOrGlobSelectsByFullyQualifiedName() {
        assertThat(select("gold")).containsExactlyInAnyOrder("revenue", "churn");
        assertThat(select("stg_*")).containsExactlyInAnyOrder("stg_orders", "stg_customers");
    }

    @Test
    void spaceIsUnionCommaIsIntersection() {
        assertThat(select("orders churn")).containsExactlyInAnyOrder("orders", "churn");
        assertThat(select("orders", "churn")).containsExactlyInAnyOrder("orders", "churn");
        assertThat(select("+revenue,layer:silver")).containsExactlyInAnyOrder("orders", "customers");
    }

    @Test
    void excludeRemovesWhatItsSelectionPicks() {
        assertThat(selectExcluding("+revenue", "kind:source")).containsExactlyInAnyOrder(
                "stg_orders", "stg_customers", "orders", "customers", "revenue");
        assertThat(selectExcluding("layer:gold", "churn")).containsExactly("revenue");
    }

    @Test
    void theSelectionComesInDependencyOrder() {
        List<String> selected = select("+revenue");
        assertThat(selected.indexOf("stg_orders")).isLessThan(selected.indexOf("orders"));
        assertThat(selected.indexOf("orders")).isLessThan(selected.indexOf("revenue"));
        assertThat(selected.indexOf("customers")).isLessThan(selected.indexOf("revenue"));
    }

    @Test
    void anUnknownMethodIsAClearError() {
        assertThatThrownBy(() -> select("colour:red"))
                .isInstanceOf(SelectionException.class)
                .hasMessageStartingWith("unknown selector method 'colour' in 'colour:red'; use one of: tag, path, layer");
    }

    @Test
    void malformedSelectorsAreClearErrors() {
        assertThatThrownBy(() -> select("@2+orders")).isInstanceOf(SelectionException.class);
        assertThatThrownBy(() -> select("orders,")).isInstanceOf(SelectionException.class)
                .hasMessageContaining("empty part around a comma");
        assertThatThrownBy(() -> select("tag:")).isInstanceOf(SelectionException.class);
    }

    @Test
    void anErrorSaysWhereInItsArgumentTheBadTermIs() {
        assertThat(positionOf(List.of("orders  colour:red"), List.of())).isEqualTo("select:9");
        assertThat(positionOf(List.of("orders"), List.of("churn 2+kind:model,tag:"))).as("right after the colon").isEqualTo("exclude:24");
        assertThat(positionOf(List.of("+revenue,bad@term"), List.of())).as("the second atom of an intersection").isEqualTo("select:10");
        assertThat(positionOf(List.of("orders +revenue,"), List.of())).as("the dangling comma").isEqualTo("select:16");
        assertThat(positionOf(List.of("@2+orders"), List.of())).as("the '+' after '@'").isEqualTo("select:2");
        assertThat(positionOf(List.of("revenue", "  1+colour:red"), List.of())).as("in the second argument").isEqualTo("select:5");
    }

    @Test
    void aPlacedErrorKeepsTheMessageTheCommandLineShows() {
        assertThatThrownBy(() -> select("orders", "tag:"))
                .isInstanceOfSatisfying(SelectionException.class, e -> assertThat(e.position()).hasValue(5))
                .hasMessage("selector 'tag:' has no value after 'tag:'");
    }

    private static String positionOf(List<String> select, List<String> exclude) {
        try {
            Selector.parse(select, exclude);
        }
        catch (SelectionException e) {
            return e.option().orElse("?") + ":" + e.position().orElse(0);
        }
        throw new AssertionError("no error for " + select + " excluding " + exclude);
    }
}
