package io.strata.lineage;

import io.strata.api.AssetKey;
import io.strata.sql.SqlAnalyzer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Lineage of one query's columns through each SQL construct, over tables of known columns. */
class QueryLineageTest {
    private static final Map<String, List<String>> TABLES = Map.of(
            "orders", List.of("order_id", "customer_id", "amount", "status", "ordered_at", "items"),
            "customers", List.of("customer_id", "name", "country"),
            "refunds", List.of("order_id", "refund_amount"));

    private QueryLineage reader;

    private QueryLineage.Shape read(String sql) {
        reader = new QueryLineage(
                names -> TABLES.containsKey(names.getLast()) ? Optional.of(AssetKey.of(names.getLast())) : Optional.empty(),
                key -> Optional.ofNullable(TABLES.get(key.name())));
        return reader.read(new SqlAnalyzer().query(sql).orElseThrow());
    }

    /** The origins of a column as {@code table.column kind}, sorted; row-deciding origins of the query included. */
    private static Set<String> origins(QueryLineage.Shape shape, String column) {
        Set<String> found = new TreeSet<>();
        shape.find(column).orElseThrow(() -> new AssertionError("no column " + column + " in " + shape.names))
                .forEach(origin -> found.add(origin.column() + " " + origin.derivation().label()));
        shape.rows.forEach(origin -> found.add(origin.column() + " " + origin.derivation().label()));
        return found;
    }

    @Test
    void aColumnSelectedAsItIsIsCopiedAndAnAliasOrExpressionNamesTheOutput() {
        QueryLineage.Shape shape = read("select order_id, amount as total, amount * 2 as doubled, upper(status) from orders");

        assertThat(shape.names).containsExactly("order_id", "total", "doubled", "_col3");
        assertThat(origins(shape, "order_id")).containsExactly("orders.order_id copied");
        assertThat(origins(shape, "total")).containsExactly("orders.amount copied");
        assertThat(origins(shape, "doubled")).containsExactly("orders.amount transformed");
        assertThat(origins(shape, "_col3")).containsExactly("orders.status transformed");
    }

    @Test
    void aggregatesAreAggregatedAndWhereAndHavingFilterEveryColumn() {
        QueryLineage.Shape shape = read("""
                select customer_id, sum(amount) as revenue, count(*) as orders, coalesce(max_by(status, ordered_at), 'none') as last_status
                from orders
                where status <> 'cancelled'
                group by customer_id
                having count(order_id) > 1""");

        assertThat(origins(shape, "revenue")).containsExactly("orders.amount aggregated", "orders.order_id filtered by",
                "orders.status filtered by");
        assertThat(origins(shape, "orders")).containsExactly("orders.order_id filtered by", "orders.status filtered by");
        assertThat(shape.find("last_status").orElseThrow()).extracting(origin -> origin.column() + " " + origin.derivation().label())
                .containsExactlyInAnyOrder("orders.status aggregated", "orders.ordered_at aggregated");
    }

    @Test
    void commonTableExpressionsAndSubqueriesPassTheirOriginsOnComposingTheDerivation() {
        QueryLineage.Shape shape = read("""
                with per_customer as (
                    select customer_id as buyer, sum(amount) as spent from orders group by customer_id
                )
                select buyer, spent_again from (select buyer, spent as spent_again from per_customer) as inner_query""");

        assertThat(origins(shape, "buyer")).containsExactly("orders.customer_id copied");
        assertThat(origins(shape, "spent_again")).containsExactly("orders.amount aggregated");
    }

    @Test
    void joinConditionsAreJoinedOnEdgesOfEveryColumnAndQualifiedNamesPickTheirTable() {
        QueryLineage.Shape shape = read("""
                select c.name, o.amount, r.refund_amount
                from orders as o
                join customers c on c.customer_id = o.customer_id
                left join refunds as r using (order_id)""");

        assertThat(origins(shape, "name")).containsExactly("customers.customer_id joined on", "customers.name copied",
                "orders.customer_id joined on", "orders.order_id joined on", "refunds.order_id joined on");
        assertThat(shape.find("refund_amount").orElseThrow()).extracting(QueryLineage.Origin::column)
                .containsExactly(new ColumnRef(AssetKey.of("refunds"), "refund_amount"));
    }

    @Test
    void unionTakesTheFirstBranchsNamesAndEveryBranchsColumnAtThatPosition() {
        QueryLineage.Shape shape = read("select customer_id as id from orders union all select customer_id from customers");

        assertThat(shape.names).containsExactly("id");
        assertThat(origins(shape, "id")).containsExactly("customers.customer_id copied", "orders.customer_id copied");
    }

    @Test
    void windowFunctionsDeriveFromTheirArgumentsPartitionsAndOrder() {
        QueryLineage.Shape shape = read("""
                select order_id,
                       sum(amount) over (partition by customer_id order by ordered_at) as running_total,
                       row_number() over (partition by customer_id order by ordered_at desc) as recency
                from orders""");

        assertThat(origins(shape, "running_total")).containsExactly("orders.amount aggregated", "orders.customer_id transformed",
                "orders.ordered_at transformed");
        assertThat(origins(shape, "recency")).containsExactly("orders.customer_id transformed", "orders.ordered_at transformed");
    }

    @Test
    void unnestedColumnsAreTransformationsOfTheArrayUnnested() {
        QueryLineage.Shape shape = read("""
                select o.order_id, item.sku, item.quantity
                from orders as o
                cross join unnest(o.items) as item(sku, quantity)""");

        assertThat(origins(shape, "order_id")).containsExactly("orders.order_id copied");
        assertThat(origins(shape, "sku")).containsExactly("orders.items transformed");
        assertThat(origins(shape, "quantity")).containsExactly("orders.items transformed");
    }

    @Test
    void selectStarExpandsToTheColumnsOfItsRelationsAndAQualifiedStarToOne() {
        QueryLineage.Shape all = read("select *, amount > 100 as large from orders");
        QueryLineage.Shape one = read("select c.* from orders o join customers c on c.customer_id = o.customer_id");

        assertThat(all.names).containsExactly("order_id", "customer_id", "amount", "status", "ordered_at", "items", "large");
        assertThat(all.complete).isTrue();
        assertThat(one.names).containsExactly("customer_id", "name", "country");
    }

    @Test
    void aCorrelatedScalarSubqueryReadsTheOuterQuerysColumns() {
        QueryLineage.Shape shape = read("""
                select c.customer_id,
                       (select max(o.ordered_at) from orders o where o.customer_id = c.customer_id) as last_order_at
                from customers c""");

        assertThat(origins(shape, "last_order_at")).containsExactly("customers.customer_id filtered by",
                "orders.customer_id filtered by", "orders.ordered_at aggregated");
    }

    @Test
    void inAndExistsSubqueriesFilterTheRowsByTheColumnsTheyRead() {
        QueryLineage.Shape shape = read("""
                select name from customers c
                where customer_id in (select customer_id from orders where status = 'paid')
                  and exists (select 1 from refunds r where r.order_id = c.customer_id)""");

        assertThat(origins(shape, "name")).containsExactly("customers.customer_id filtered by", "customers.name copied",
                "orders.customer_id filtered by", "orders.status filtered by", "refunds.order_id filtered by");
    }

    @Test
    void lambdaParametersAreNoColumnsAndValuesAndCommonTableColumnListsNameTheirColumns() {
        QueryLineage.Shape lambda = read("select transform(items, item -> item.price * 2) as doubled from orders");
        assertThat(reader.warnings()).isEmpty();
        QueryLineage.Shape values = read("with pairs(code, label) as (values ('a', 'A')) select code, label from pairs");

        assertThat(origins(lambda, "doubled")).containsExactly("orders.items transformed");
        assertThat(values.names).containsExactly("code", "label");
        assertThat(origins(values, "label")).isEmpty();
    }

    @Test
    void aLateralSubqueryReadsTheRelationsBeforeIt() {
        QueryLineage.Shape shape = read("""
                select c.name, latest.amount
                from customers c
                cross join lateral (select o.amount from orders o where o.customer_id = c.customer_id) latest""");

        assertThat(origins(shape, "amount")).containsExactly("customers.customer_id filtered by", "orders.amount copied",
                "orders.customer_id filtered by");
    }

    @Test
    void aSubqueryAliasWithColumnNamesANestedWithAndAUnionInsideACommonTableExpressionAreFollowed() {
        QueryLineage.Shape shape = read("""
                with ids as (
                    with inner_ids as (select order_id from orders)
                    select order_id from inner_ids
                    union
                    select order_id from refunds
                )
                select t.id, t.doubled
                from (select order_id, order_id * 2 from ids) as t(id, doubled)
                order by 1""");

        assertThat(shape.names).containsExactly("id", "doubled");
        assertThat(origins(shape, "id")).containsExactly("orders.order_id copied", "refunds.order_id copied");
        assertThat(origins(shape, "doubled")).containsExactly("orders.order_id transformed", "refunds.order_id transformed");
    }

    @Test
    void unnestWithoutColumnNamesAndWithOrdinalityDerivesFromTheArray() {
        QueryLineage.Shape shape = read("""
                select o.order_id, item, position
                from orders o
                cross join unnest(o.items) with ordinality as t(item, position)""");

        assertThat(origins(shape, "item")).containsExactly("orders.items transformed");
        assertThat(reader.warnings()).isEmpty();
    }

    @Test
    void aSelectDistinctWithCaseAndCastTransformsEveryColumnItReads() {
        QueryLineage.Shape shape = read("""
                select distinct case when amount > 100 then 'large' else cast(status as varchar) end as size
                from orders""");

        assertThat(origins(shape, "size")).containsExactly("orders.amount transformed", "orders.status transformed");
    }

    @Test
    void structFieldsAreTransformationsOfTheirColumn() {
        QueryLineage.Shape shape = read("select customers.name.first as first_name, name.last from customers");

        assertThat(origins(shape, "first_name")).containsExactly("customers.name transformed");
        assertThat(origins(shape, "last")).containsExactly("customers.name transformed");
    }

    @Test
    void aTableOfUnknownColumnsLeavesTheShapeIncompleteYetFollowsNamesToIt() {
        QueryLineage.Shape shape = read("select * from orders o join mystery m on m.id = o.order_id");

        assertThat(shape.complete).isFalse();
        assertThat(reader.warnings()).singleElement().asString().contains("'mystery'", "no asset");
    }

    @Test
    void aNameNoRelationHasIsAWarning() {
        read("select order_id, amout from orders");

        assertThat(reader.warnings()).singleElement().asString().contains("'amout'", "line 1, column 18");
    }
}
