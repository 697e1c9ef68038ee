package io.strata.service;

import io.strata.branch.Branches;
import io.strata.compile.CompileOptions;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.lake.LakeLocator;
import io.strata.project.StrataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The workspace without a lake: compiling once per change, and the rules it applies before reaching any server. */
class WorkspaceTest {
    /** Fails the test if anything asks for the lake. */
    private static final LakeLocator NO_LAKE = (profile, root) -> {
        throw new AssertionError("the lake was asked for");
    };

    @TempDir
    Path root;

    @Test
    void theProjectIsCompiledOnceAndAgainOnlyAfterAFileChanged() throws Exception {
        TestProject.in(root).file("models/orders.sql", "select 1 as id");
        try (Workspace workspace = Workspace.open(root, CompileOptions.defaults(), NO_LAKE)) {
            CompiledProject first = workspace.compile();
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<Future<CompiledProject>> concurrent = callers.invokeAll(List.of(workspace::compile, workspace::compile, workspace::compile,
                        workspace::compile));
                for (Future<CompiledProject> compiled : concurrent) {
                    assertThat(compiled.get()).as("an unchanged project is not compiled again").isSameAs(first);
                }
            }
            finally {
                callers.shutdownNow();
            }

            Path model = root.resolve("models/orders.sql");
            Files.writeString(model, "select 2 as id");
            Files.setLastModifiedTime(model, FileTime.from(Instant.now().plusSeconds(5)));
            CompiledProject second = workspace.compile();

            assertThat(second).isNotSameAs(first);
            assertThat(second.graph().require(io.strata.api.AssetKey.of("orders")).sql()).hasValueSatisfying(sql -> assertThat(sql).contains("2 as id"));
        }
    }

    @Test
    void columnLineageNeedsNoLakeFollowsEditsAndRefusesAnUnknownColumnAsNotFound() throws Exception {
        TestProject.in(root).file("models/orders.sql", "select 1 as id, 10 as cents")
                .file("models/revenue.sql", "select sum(cents) as total from {{ ref('orders') }}");
        try (Workspace workspace = Workspace.open(root, CompileOptions.defaults(), NO_LAKE)) {
            io.strata.api.AssetKey revenue = io.strata.api.AssetKey.of("revenue");
            io.strata.lineage.LineageGraph before = workspace.columnLineage(revenue, "total", io.strata.lineage.LineageGraph.Direction.UPSTREAM, -1);
            assertThat(before.edges()).extracting(edge -> edge.from().toString()).containsExactly("orders.cents");

            Path model = root.resolve("models/revenue.sql");
            Files.writeString(model, "select sum(id) as total from {{ ref('orders') }}");
            Files.setLastModifiedTime(model, FileTime.from(Instant.now().plusSeconds(5)));
            io.strata.lineage.LineageGraph after = workspace.columnLineage(revenue, "total", io.strata.lineage.LineageGraph.Direction.UPSTREAM, -1);

            assertThat(after.edges()).extracting(edge -> edge.from().toString()).containsExactly("orders.id");
            assertThat(workspace.columns(io.strata.select.Selector.all())).containsEntry(revenue, java.util.Optional.of(List.of("total")));
            io.strata.lineage.ColumnSources sources = workspace.columns(revenue);
            assertThat(sources.columns()).contains(List.of("total"));
            assertThat(sources.upstream().get("total")).extracting(edge -> edge.from() + " " + edge.derivation().label())
                    .containsExactly("orders.id aggregated");
            assertThatThrownBy(() -> workspace.columns(io.strata.api.AssetKey.of("revenu")))
                    .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.kind()).isEqualTo(StrataException.Kind.NOT_FOUND))
                    .hasMessageContaining("did you mean 'revenue'?");
            assertThatThrownBy(() -> workspace.columnLineage(revenue, "totl", io.strata.lineage.LineageGraph.Direction.BOTH, -1))
                    .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.kind()).isEqualTo(StrataException.Kind.NOT_FOUND))
                    .hasMessageContaining("did you mean 'total'?");
            assertThatThrownBy(() -> workspace.columnLineage(io.strata.api.AssetKey.of("revenu"), "total", io.strata.lineage.LineageGraph.Direction.BOTH, -1))
                    .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.kind()).isEqualTo(StrataException.Kind.NOT_FOUND))
                    .hasMessageContaining("did you mean 'revenue'?");
        }
    }

    @Test
    void aQueryThatWouldWriteIsRefusedBeforeAnyServerIsReached() {
        TestProject.in(root).file("models/orders.sql", "select 1 as id");
        try (Workspace workspace = Workspace.open(root, CompileOptions.defaults(), NO_LAKE)) {
            for (String write : List.of("insert into orders values (1)", "  -- comment\n DROP TABLE orders", "explain analyze insert into orders values (1)",
                    "EXPLAIN ANALYZE VERBOSE delete from orders")) {
                assertThatThrownBy(() -> workspace.query(write, Branches.MAIN, 10)).as(write)
                        .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.kind()).isEqualTo(StrataException.Kind.PROJECT))
                        .hasMessageContaining("would change data");
            }
            assertThatThrownBy(() -> workspace.drop(Branches.MAIN)).hasMessageContaining("main cannot be dropped");
            assertThatThrownBy(() -> workspace.materialize(io.strata.run.RunRequest.builder(io.strata.select.Selector.all())
                    .devBranch(java.util.Optional.of(Branches.MAIN)).build(), io.strata.run.RunListener.SILENT))
                    .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.kind()).isEqualTo(StrataException.Kind.PROJECT))
                    .hasMessageContaining("a run never builds on main");
        }
    }

    @Test
    void readStatementsAreTold() {
        assertThat(ReadOnlyStatements.kind("/* why */ (select 1)")).isEqualTo("SELECT");
        assertThat(ReadOnlyStatements.kind("explain select 1")).isEqualTo("EXPLAIN");
        assertThat(ReadOnlyStatements.kind("explain analyze select 1")).isEqualTo("SELECT");
        assertThat(ReadOnlyStatements.isRead(ReadOnlyStatements.kind("explain analyze insert into t values (1)"))).isFalse();
    }
}
