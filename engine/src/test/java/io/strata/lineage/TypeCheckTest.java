package io.strata.lineage;

import io.strata.api.AssetKey;
import io.strata.sql.SqlAnalyzer;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Types derived through a query, and what Trino would refuse: comparisons without a cast, arithmetic on text, wrong arities. */
class TypeCheckTest {
    private static final Map<String, Map<String, String>> TABLES = Map.of(
            "orders", ordered("order_id", "bigint", "customer_id", "integer", "amount", "decimal(16,2)", "status", "varchar",
                    "ordered_at", "timestamp(6)", "order_date", "date", "paid", "boolean"),
            "customers", ordered("customer_id", "integer", "name", "varchar", "signup_date", "date"));

    private QueryLineage reader;

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private QueryLineage.Shape read(String sql, SqlFunctions functions) {
        reader = new QueryLineage(
                names -> TABLES.containsKey(names.getLast()) ? Optional.of(AssetKey.of(names.getLast())) : Optional.empty(),
                key -> Optional.ofNullable(TABLES.get(key.name())).map(columns -> List.copyOf(columns.keySet())),
                key -> {
                    Map<String, SqlType> types = new LinkedHashMap<>();
                    TABLES.getOrDefault(key.name(), Map.of()).forEach((name, type) -> types.put(name, SqlType.of(type)));
                    return types;
                },
                functions);
        return reader.read(new SqlAnalyzer().query(sql).orElseThrow());
    }

    private QueryLineage.Shape read(String sql) {
        return read(sql, SqlFunctions.TRINO);
    }

    private List<ColumnProblem> errors() {
        return reader.problems().stream().filter(problem -> problem.kind().isError()).toList();
    }

    private static String type(QueryLineage.Shape shape, String column) {
        return shape.typeOf(column).name();
    }

    @Test
    void columnTypesComeFromTheTablesAndExpressionsAreTypedAsTrinoTypesThem() {
        QueryLineage.Shape shape = read("""
                select order_id, amount * 2 as doubled, sum(amount) as revenue, count(*) as orders, avg(customer_id) as mean_customer,
                       cast(order_id as varchar) as id_text, order_id::integer as id_int, date_trunc('month', ordered_at) as month,
                       upper(status) as loud, status || '!' as shout, coalesce(amount, 0) as amount_or_zero,
                       case when paid then 'yes' else 'no' end as paid_text, order_date >= date '2024-01-01' as recent,
                       date_diff('day', order_date, current_date) as age_days, 1.5 as ratio, 7 as seven
                from orders
                group by 1, 2, 6, 7, 8, 9, 10, 11, 12, 13, 14""");

        assertThat(errors()).isEmpty();
        assertThat(type(shape, "order_id")).isEqualTo("bigint");
        assertThat(type(shape, "doubled")).isEqualTo("decimal(16,2)");
        assertThat(type(shape, "revenue")).isEqualTo("decimal(38,2)");
        assertThat(type(shape, "orders")).isEqualTo("bigint");
        assertThat(type(shape, "mean_customer")).isEqualTo("double");
        assertThat(type(shape, "id_text")).isEqualTo("varchar");
        assertThat(type(shape, "id_int")).isEqualTo("integer");
        assertThat(type(shape, "month")).isEqualTo("timestamp(6)");
        assertThat(type(shape, "loud")).isEqualTo("varchar");
        assertThat(type(shape, "shout")).isEqualTo("varchar");
        assertThat(type(shape, "amount_or_zero")).isEqualTo("decimal(16,2)");
        assertThat(type(shape, "paid_text")).isEqualTo("varchar");
        assertThat(type(shape, "recent")).isEqualTo("boolean");
        assertThat(type(shape, "age_days")).isEqualTo("bigint");
        assertThat(type(shape, "ratio")).isEqualTo("decimal(2,1)");
        assertThat(type(shape, "seven")).isEqualTo("integer");
    }

    @Test
    void typesPassThroughCommonTableExpressionsSubqueriesJoinsAndUnions() {
        QueryLineage.Shape shape = read("""
                with spend as (select customer_id, sum(amount) as total from orders group by customer_id)
                select c.name, s.total from customers c join spend s on s.customer_id = c.customer_id
                union all
                select name, 0 from customers""");

        assertThat(errors()).isEmpty();
        assertThat(type(shape, "name")).isEqualTo("varchar");
        assertThat(type(shape, "total")).isEqualTo("decimal(38,2)");
    }

    @Test
    void comparingTextWithANumberOrADateIsAnErrorAtTheComparison() {
        read("""
                select order_id
                from orders
                where status = 1
                  and order_date > '2024-01-01'""");

        assertThat(errors()).extracting(ColumnProblem::kind).containsOnly(ColumnProblem.Kind.TYPE_MISMATCH);
        assertThat(errors()).extracting(problem -> problem.line() + ":" + problem.column()).containsExactly("3:7", "4:7");
        assertThat(errors().getFirst().message()).isEqualTo(
                "type mismatch: cannot compare varchar with integer (Trino casts neither to the other); cast one side, as in CAST(1 AS varchar)");
        assertThat(errors().get(1).message()).startsWith("type mismatch: cannot compare date with varchar");
    }

    @Test
    void numbersCompareWithNumbersDatesWithTimestampsAndNullWithAnything() {
        read("""
                select o.order_id from orders o join customers c on c.customer_id = o.order_id
                where o.amount > 10 and o.order_date < o.ordered_at and o.status is not null and o.status <> null
                  and o.customer_id in (1, 2, 3) and o.amount between 1 and 2.5 and o.order_date >= date '2024-01-01'""");

        assertThat(errors()).isEmpty();
    }

    @Test
    void aJoinConditionAnInListAndBetweenAreCheckedToo() {
        read("""
                select o.order_id from orders o join customers c on c.name = o.customer_id
                where o.status in ('open', 2) or o.order_date between 1 and 2""");

        assertThat(errors()).extracting(ColumnProblem::kind).containsOnly(ColumnProblem.Kind.TYPE_MISMATCH);
        assertThat(errors()).extracting(ColumnProblem::line).containsExactly(1, 2, 2, 2);
    }

    @Test
    void arithmeticOnTextIsAnErrorAndSaysToConcatenateWithBars() {
        read("select status + 1 as bumped, name || 'x' as fine from orders join customers using (customer_id)");

        assertThat(errors()).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ColumnProblem.Kind.TYPE_MISMATCH);
            assertThat(problem.message()).isEqualTo("type mismatch: cannot apply '+' to varchar and integer; cast the text to a number first, "
                    + "or concatenate text with ||");
        });
    }

    @Test
    void caseResultsWithoutACommonTypeAreAnError() {
        read("select case when paid then amount else 'none' end as shown from orders");

        assertThat(errors()).singleElement().extracting(ColumnProblem::message).asString()
                .startsWith("type mismatch: the results of this CASE have no common type: decimal(16,2)");
    }

    @Test
    void aFunctionCalledWithTheWrongNumberOfArgumentsIsAnErrorNamingItsArity() {
        read("""
                select date_diff('day', order_date) as age,
                       round(amount, 2, 3) as rounded,
                       concat(status) as nothing
                from orders""");

        assertThat(errors()).extracting(ColumnProblem::kind).containsOnly(ColumnProblem.Kind.WRONG_ARGUMENTS);
        assertThat(errors()).extracting(ColumnProblem::message).containsExactly(
                "wrong number of arguments: date_diff takes 3 arguments in Trino, and is given 2",
                "wrong number of arguments: round takes 1 to 2 arguments in Trino, and is given 3",
                "wrong number of arguments: concat takes at least 2 arguments in Trino, and is given 1");
        assertThat(errors()).extracting(ColumnProblem::line).containsExactly(1, 2, 3);
    }

    @Test
    void aFunctionTheEngineLibraryDoesNotListIsAWarningNeverAnError() {
        QueryLineage.Shape shape = read("select my_udf(order_id) as scored from orders");

        assertThat(errors()).isEmpty();
        assertThat(reader.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ColumnProblem.Kind.NOT_CHECKED);
            assertThat(problem.message()).isEqualTo("function 'my_udf' is not one Strata knows of Trino: its arguments and result type are not checked");
        });
        assertThat(shape.typeOf("scored").isKnown()).isFalse();
    }

    @Test
    void dremiosLibraryIsUsedForDremioProjects() {
        read("select to_date(status, 'YYYY-MM-DD') as d, nvl(status, 'none') as shown, flatten(status) as parts from orders", SqlFunctions.DREMIO);
        assertThat(reader.problems()).isEmpty();

        read("select to_date(status, 'YYYY-MM-DD') as d from orders", SqlFunctions.TRINO);
        assertThat(reader.problems()).extracting(ColumnProblem::message)
                .containsExactly("function 'to_date' is not one Strata knows of Trino: its arguments and result type are not checked");
    }

    @Test
    void namesInGroupByOrderByAndWindowClausesAreCheckedAndMayNameOutputColumns() {
        read("""
                select customer_id as buyer, sum(amount) as total
                from orders
                group by custmer_id
                order by totl desc""");

        assertThat(errors()).extracting(problem -> problem.name() + "@" + problem.line() + ":" + problem.column())
                .containsExactly("custmer_id@3:10", "totl@4:10");

        read("""
                select customer_id as buyer, sum(amount) as total, rank() over w as position
                from orders
                group by buyer
                window w as (partition by status order by total)
                order by total desc, 1""");
        assertThat(errors()).isEmpty();
    }

    @Test
    void withoutAFunctionLibraryNothingIsTypedOrChecked() {
        QueryLineage.Shape shape = read("select status = 1 as odd, date_diff('day') as broken from orders", null);

        assertThat(reader.problems()).isEmpty();
        assertThat(shape.typeOf("odd").isKnown()).isFalse();
    }

    @Test
    void spellingsOfProjectsAreReadAsTrinoTypes() {
        assertThat(SqlType.of("int").name()).isEqualTo("integer");
        assertThat(SqlType.of("INT8").name()).isEqualTo("bigint");
        assertThat(SqlType.of("numeric(16, 2)").name()).isEqualTo("decimal(16,2)");
        assertThat(SqlType.of("string").name()).isEqualTo("varchar");
        assertThat(SqlType.of("character varying(20)").family()).isEqualTo(SqlType.Family.STRING);
        assertThat(SqlType.of("timestamptz").name()).isEqualTo("timestamp(6) with time zone");
        assertThat(SqlType.of("timestamp with time zone").name()).isEqualTo("timestamp(6) with time zone");
        assertThat(SqlType.of("timestamp(3)").name()).isEqualTo("timestamp(3)");
        assertThat(SqlType.of("array<string>").family()).isEqualTo(SqlType.Family.ARRAY);
        assertThat(SqlType.of("geography").isKnown()).isFalse();
        assertThat(SqlType.of("varchar(20)").baseName()).isEqualTo("varchar");
        assertThat(SqlType.of("timestamp(3) with time zone").baseName()).isEqualTo("timestamp with time zone");
    }
}
