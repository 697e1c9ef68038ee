package io.strata.engine;

import io.strata.branch.Branches;
import io.strata.compile.CompiledProject;
import io.strata.compile.CompileOptions;
import io.strata.compile.TestProject;
import io.strata.graph.Asset;
import io.strata.lake.RelationState;
import io.strata.project.Materialization;
import io.strata.project.Relation;
import io.strata.stack.testing.TestSql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.JDBCType;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every engine does, on a branch of a real catalog: Trino ({@code TrinoEngineContractIT}), Dremio later.
 * It reaches the engine only through {@link Engine}; models are compiled from a small project as a run compiles
 * them, and their source data are seeds, so the SQL below is the plain SQL every engine reads.
 */
public abstract class EngineContract {
    /** Events of two orders; {@link #MORE_EVENTS} is the same a day later. */
    private static final String EVENTS = """
            id,ts,status
            1,1,new
            2,2,new
            """;
    /** Order 2 was paid (a new row with a later ts), order 3 is new. */
    private static final String MORE_EVENTS = EVENTS + "2,3,paid\n3,4,new\n";
    /** The filter of an incremental model: on an increment, only the events after those it holds. */
    private static final String ONLY_NEW_EVENTS = "\n{% if is_incremental() %}where ts > (select max(ts) from {{ this }}){% endif %}";

    @TempDir
    Path root;

    private TestProject project;

    /** The engine under test, on a running stack; the implementation closes it. */
    protected abstract Engine engine();

    /** The branches of the catalog the engine reads and writes. */
    protected abstract Branches branches();

    /** A branch made from main for the running test alone, deleted (and released) after it. */
    protected abstract String branch();

    /** An engine like {@link #engine()} configured for a server address where nothing listens; the test closes it. */
    protected abstract Engine unreachableEngine();

    /** Every row of a query on a branch, its values joined by commas; by default through {@link Engine#connect}. */
    protected List<String> rows(String branch, String sql) throws SQLException {
        try (Connection connection = engine().connect(branch)) {
            return TestSql.rows(connection, sql);
        }
    }

    /** Runs a statement on a branch; by default through {@link Engine#connect}. */
    protected void execute(String branch, String sql) throws SQLException {
        try (Connection connection = engine().connect(branch); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    public void aViewIsItsQueryAndReadsTheRowsOfItsInputsAtEachRead() throws SQLException {
        load("events", EVENTS);
        model("open_orders", "{{ config(materialized='view') }}\nselect id from {{ ref('events') }} where status = 'new'");

        build("open_orders");

        assertThat(rows("select id from " + table("open_orders") + " order by id")).containsExactly("1", "2");
        load("events", MORE_EVENTS);
        assertThat(rows("select id from " + table("open_orders") + " order by id")).as("a view is not a copy").containsExactly("1", "2", "3");
    }

    @Test
    public void aTableIsReplacedWholeByItsNextBuild() throws SQLException {
        load("events", EVENTS);
        model("statuses", "{{ config(materialized='table') }}\nselect status, count(*) as n from {{ ref('events') }} group by status");
        model("status_count", "{{ config(materialized='view') }}\nselect count(*) as statuses from {{ ref('statuses') }}");
        assertWrote(build("statuses"), 1);
        build("status_count");
        assertThat(rows("select status, n from " + table("statuses"))).containsExactly("new,2");

        load("events", MORE_EVENTS);
        model("statuses", "{{ config(materialized='table') }}\nselect status, count(*) as n, max(ts) as latest from {{ ref('events') }} group by status");
        build("statuses");

        assertThat(columns("select * from " + table("statuses"))).as("its columns are the new query's").containsExactly("status VARCHAR", "n BIGINT",
                "latest BIGINT");
        assertThat(rows("select status, n, latest from " + table("statuses") + " order by status")).containsExactly("new,3,4", "paid,1,3");
        assertThat(rows("select statuses from " + table("status_count"))).as("a view on it reads the new rows").containsExactly("2");
    }

    @Test
    public void aModelThatChangesMaterializationReplacesTheRelationOfTheOtherKind() throws SQLException {
        load("events", EVENTS);
        String query = "select id, status from {{ ref('events') }}";
        model("orders", "{{ config(materialized='view') }}\n" + query);
        build("orders");
        model("orders", "{{ config(materialized='table') }}\n" + query);
        build("orders");

        load("events", MORE_EVENTS);
        assertThat(rows("select count(*) from " + table("orders"))).as("a table is a copy, made when it was built").containsExactly("2");
        model("orders", "{{ config(materialized='view') }}\n" + query);
        build("orders");
        assertThat(rows("select count(*) from " + table("orders"))).as("a view again").containsExactly("4");
    }

    @Test
    public void anAppendIncrementAddsOnlyTheNewRows() throws SQLException {
        assertThat(builtTwice("incremental_strategy='append'")).as("both versions of order 2")
                .containsExactly("1,1,new", "2,2,new", "2,3,paid", "3,4,new");
    }

    @Test
    public void aMergeIncrementUpdatesTheRowsOfItsUniqueKeyAndInsertsTheOthers() throws SQLException {
        assertThat(builtTwice("unique_key='id', incremental_strategy='merge'")).as("order 2 updated in place, order 3 inserted")
                .containsExactly("1,1,new", "2,3,paid", "3,4,new");
    }

    @Test
    public void aDeleteInsertIncrementReplacesTheRowsOfItsUniqueKey() throws SQLException {
        assertThat(builtTwice("unique_key='id', incremental_strategy='delete+insert'")).as("order 2's row replaced, order 3's added")
                .containsExactly("1,1,new", "2,3,paid", "3,4,new");
    }

    @Test
    public void aFullRefreshRebuildsAnIncrementalModelFromItsWholeQuery() throws SQLException {
        load("events", EVENTS);
        model("appended", "{{ config(materialized='incremental', incremental_strategy='append') }}\nselect id, ts, status from {{ ref('events') }}"
                + ONLY_NEW_EVENTS);
        build("appended");
        load("events", "id,ts,status\n1,1,void\n2,2,new\n3,4,new\n");

        engine().materialize(branch(), compile(true, "appended"), true);

        assertThat(ordered("appended")).as("order 1 corrected, which an increment would not see").containsExactly("1,1,void", "2,2,new", "3,4,new");
    }

    @Test
    public void anEphemeralModelBuildsNothingAndIsInlinedWhereItIsRead() throws SQLException {
        load("events", MORE_EVENTS);
        model("paid", "{{ config(materialized='ephemeral') }}\nselect id from {{ ref('events') }} where status = 'paid'");
        model("paid_count", "{{ config(materialized='table') }}\nselect count(*) as n from {{ ref('paid') }}");

        Materialized paid = build("paid");
        build("paid_count");

        assertThat(paid.statements()).isEmpty();
        assertThat(paid.rows()).isEmpty();
        assertThat(engine().exists(branch(), relation("paid"))).isFalse();
        assertThat(rows("select n from " + table("paid_count"))).containsExactly("1");
    }

    @Test
    public void aSeedLoadsItsColumnsWithTheirTypesAndItsRowsReplacingWhatWasThere() throws SQLException {
        Materialized chargers = load("chargers", """
                id,type,max_kw,dc,since,note
                1,ac,22,false,2020-01-01,"wall box, 3 phase"
                2,dc,150.5,true,2021-06-30,
                3,hpc,350,true,2023-02-01,it's fast
                """);

        assertWrote(chargers, 3);
        assertThat(columns("select * from " + table("chargers"))).containsExactly("id BIGINT", "type VARCHAR", "max_kw DOUBLE", "dc BOOLEAN",
                "since DATE", "note VARCHAR");
        assertThat(rows("select id, type, max_kw, dc, since, note from " + table("chargers") + " order by id")).containsExactly(
                "1,ac,22.0,false,2020-01-01,wall box, 3 phase", "2,dc,150.5,true,2021-06-30,null", "3,hpc,350.0,true,2023-02-01,it's fast");

        load("chargers", "id,type\n4,wallbox\n");
        assertThat(columns("select * from " + table("chargers"))).containsExactly("id BIGINT", "type VARCHAR");
        assertThat(rows("select id, type from " + table("chargers"))).containsExactly("4,wallbox");
    }

    @Test
    public void aRelationExistsOnceBuiltAndNotBefore() throws SQLException {
        model("open_orders", "{{ config(materialized='view') }}\nselect id from {{ ref('events') }} where status = 'new'");
        assertThat(engine().exists(branch(), relation("events"))).as("its schema does not exist either").isFalse();

        load("events", EVENTS);
        assertThat(engine().exists(branch(), relation("events"))).isTrue();
        assertThat(engine().exists(branch(), relation("open_orders"))).as("in a schema that exists").isFalse();

        build("open_orders");
        assertThat(engine().exists(branch(), relation("open_orders"))).isTrue();
        assertThat(engine().exists(Branches.MAIN, relation("open_orders"))).as("main is untouched").isFalse();
    }

    @Test
    public void aViewPreparedForTheMergeReadsMainAfterTheMergeAndTheBranchIsReleased() throws SQLException {
        load("orders", "id,amount\n1,10\n2,20\n3,30\n");
        model("order_count", "{{ config(materialized='view') }}\nselect count(*) as n from {{ ref('orders') }}");
        build("order_count");

        engine().prepareMerge(branch(), List.of(relation("order_count")));
        branches().merge(branch());
        engine().release(branch());

        assertThat(rows(Branches.MAIN, "select n from " + table("order_count"))).containsExactly("3");
        execute(Branches.MAIN, "insert into " + table("orders") + " values (4, 40)");
        assertThat(rows(Branches.MAIN, "select n from " + table("order_count"))).as("it reads main's orders, not the branch's").containsExactly("4");
    }

    @Test
    public void aTableReportsItsRecordedFingerprintUntilItChanges() throws SQLException {
        load("events", EVENTS);
        model("statuses", "{{ config(materialized='table') }}\nselect status, count(*) as n from {{ ref('events') }} group by status");
        build("statuses");
        assertThat(engine().state(branch(), relation("missing"))).isEmpty();

        engine().recordFingerprint(branch(), relation("statuses"), "fingerprint-1");
        RelationState recorded = engine().state(branch(), relation("statuses")).orElseThrow();
        assertThat(recorded.fingerprint()).contains("fingerprint-1");

        execute(branch(), "insert into " + table("statuses") + " values ('void', 1)");
        RelationState changed = engine().state(branch(), relation("statuses")).orElseThrow();
        assertThat(changed.fingerprint()).as("the build that recorded it did not make these rows").isEmpty();
        assertThat(changed.version()).isNotEqualTo(recorded.version());
    }

    @Test
    public void aViewKeepsItsRecordedFingerprintWhenTheTablesItReadsChange() throws SQLException {
        load("events", EVENTS);
        model("open_orders", "{{ config(materialized='view') }}\nselect id from {{ ref('events') }} where status = 'new'");
        build("open_orders");

        engine().recordFingerprint(branch(), relation("open_orders"), "fingerprint-1");
        execute(branch(), "insert into " + table("events") + " values (3, 3, 'new')");

        assertThat(engine().state(branch(), relation("open_orders")).orElseThrow().fingerprint()).as("a view's data is its definition")
                .contains("fingerprint-1");
    }

    @Test
    public void aRefusedConnectionIsTransient() {
        try (Engine unreachable = unreachableEngine()) {
            assertThatThrownBy(() -> {
                try (Connection connection = unreachable.connect(Branches.MAIN); Statement statement = connection.createStatement()) {
                    statement.executeQuery("select 1").close();
                }
            }).isInstanceOfSatisfying(SQLException.class, refused -> assertThat(unreachable.classify(refused)).isEqualTo(Failure.TRANSIENT));
        }
    }

    @Test
    public void aWrongStatementIsPermanent() {
        for (String wrong : List.of("select * from no_such_schema.no_such_table", "selec 1")) {
            assertThatThrownBy(() -> execute(branch(), wrong)).as(wrong)
                    .isInstanceOfSatisfying(SQLException.class, error -> assertThat(engine().classify(error)).isEqualTo(Failure.PERMANENT));
        }
    }

    /** The test's schema: its own, as the merge brings it to main. */
    private String schema() {
        return "contract_" + branch().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    }

    private Relation relation(String name) {
        return new Relation(schema(), name);
    }

    private String table(String name) {
        return relation(name).render();
    }

    private TestProject project() {
        if (project == null) {
            project = TestProject.in(root);
        }
        return project;
    }

    /** Writes a model of the test's schema; the next build compiles it. */
    private void model(String name, String sql) {
        project().file("models/" + schema() + "/" + name + ".sql", sql);
    }

    /** Writes a seed of the test's schema and loads it on the branch. */
    private Materialized load(String name, String csv) throws SQLException {
        project().file("seeds/" + schema() + "/" + name + ".csv", csv);
        Asset seed = compile(false, name);
        return engine().loadSeed(branch(), seed, SeedData.read(root.resolve(seed.path()), seed.path(), Map.of()));
    }

    /** Builds a model as a run does: compiled with {@code is_incremental()} true when it exists on the branch. */
    private Materialized build(String model) throws SQLException {
        return engine().materialize(branch(), compile(false, model), false);
    }

    /** The asset compiled as a run on the branch compiles it: is_incremental() knows the incremental models there. */
    private Asset compile(boolean fullRefresh, String name) throws SQLException {
        Set<String> existing = new HashSet<>();
        for (Asset asset : compile(Set.of(), fullRefresh).models()) {
            if (asset.materialization() == Materialization.INCREMENTAL && engine().exists(branch(), asset.relation().orElseThrow())) {
                existing.add(asset.name());
            }
        }
        return TestProject.asset(compile(existing, fullRefresh), name);
    }

    private CompiledProject compile(Set<String> existing, boolean fullRefresh) {
        return project().options(new CompileOptions(Optional.empty(), Map.of(), existing, fullRefresh, 2)).compile();
    }

    /** The rows a build says it wrote, where the engine reports them. */
    private static void assertWrote(Materialized built, long rows) {
        built.rows().ifPresent(written -> assertThat(written).as("rows written by " + built.key()).isEqualTo(rows));
    }

    /**
     * Builds an incremental model of the events with this configuration: a first build, which must create it
     * from the whole query, then an increment after the events of {@link #MORE_EVENTS}; its rows afterwards.
     */
    private List<String> builtTwice(String configuration) throws SQLException {
        load("events", EVENTS);
        model("orders", "{{ config(materialized='incremental', " + configuration + ") }}\nselect id, ts, status from {{ ref('events') }}"
                + ONLY_NEW_EVENTS);
        build("orders");
        assertThat(ordered("orders")).as("the first build creates the table from the whole query").containsExactly("1,1,new", "2,2,new");

        load("events", MORE_EVENTS);
        build("orders");
        return ordered("orders");
    }

    private List<String> rows(String sql) throws SQLException {
        return rows(branch(), sql);
    }

    private List<String> ordered(String model) throws SQLException {
        return rows("select id, ts, status from " + table(model) + " order by ts");
    }

    /** The columns of a query's result on the branch: name and JDBC type. */
    private List<String> columns(String sql) throws SQLException {
        try (Connection connection = engine().connect(branch()); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData metadata = result.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= metadata.getColumnCount(); i++) {
                columns.add(metadata.getColumnLabel(i) + " " + JDBCType.valueOf(metadata.getColumnType(i)).getName());
            }
            return columns;
        }
    }
}
