package io.strata.lineage;

import io.strata.api.AssetKey;
import io.strata.compile.CompiledProject;
import io.strata.compile.TestProject;
import io.strata.project.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a change would break on main, column by column, from the columns main's merged runs left. */
class MainColumnsTest {
    @TempDir
    Path root;

    private TestProject shop(String staged) {
        return TestProject.in(root)
                .file("seeds/orders.csv", "order_id,customer_id,amount\n1,7,10\n")
                .file("models/stg_orders.sql", staged)
                .file("models/passthrough.sql", "select * from {{ ref('stg_orders') }}\n")
                .file("models/revenue.sql", "select order_id, sum(amount) as revenue from {{ ref('passthrough') }} group by 1\n");
    }

    /** Main as a run that built every asset of the project as it is now would leave it, written and read back. */
    private MainColumns mainAfterRun(CompiledProject project) throws IOException {
        List<AssetKey> built = project.graph().assets().stream().map(asset -> asset.key()).toList();
        Path file = root.resolve(".strata/main-columns-local.json");
        MainColumns.empty().with(project.columnLineage(), built).write(file);
        return MainColumns.read(file);
    }

    private static List<String> messages(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::toString).toList();
    }

    @Test
    void mainKeepsEachBuiltAssetsColumnsWithTypesAndTheColumnsTheyDeriveFrom() throws IOException {
        MainColumns main = mainAfterRun(shop("select order_id, customer_id, amount from {{ ref('orders') }}\n").compile());

        assertThat(main.assets().get("revenue")).containsExactly(
                new MainColumns.Column("order_id", "bigint", List.of(new MainColumns.Source("passthrough", "order_id", "copied"))),
                new MainColumns.Column("revenue", "bigint", List.of(new MainColumns.Source("passthrough", "amount", "aggregated"))));
        assertThat(main.assets().get("orders")).extracting(MainColumns.Column::name).containsExactly("order_id", "customer_id", "amount");
    }

    @Test
    void aRetypedColumnListsEveryColumnDownstreamOnMainOnceUnderTheChangeItFollowsFrom() throws IOException {
        MainColumns main = mainAfterRun(shop("select order_id, customer_id, amount from {{ ref('orders') }}\n").compile());

        CompiledProject changed = shop("select order_id, customer_id, cast(amount as varchar) as amount from {{ ref('orders') }}\n").compile();

        assertThat(messages(main.impact(changed.columnLineage(), changed.graph()))).containsExactly(
                "models/stg_orders.sql: warning: impact on main: column 'amount' of 'stg_orders' (bigint on main) is now varchar;"
                        + " 2 downstream columns derive from it on main: passthrough.amount (copied), revenue.revenue (aggregated)");
    }

    @Test
    void aRemovedColumnListsWhatSelectStarPassedItOnTo() throws IOException {
        MainColumns main = mainAfterRun(shop("select order_id, customer_id, amount from {{ ref('orders') }}\n").compile());

        CompiledProject changed = shop("select order_id, amount from {{ ref('orders') }}\n").compile();

        assertThat(messages(main.impact(changed.columnLineage(), changed.graph()))).containsExactly(
                "models/stg_orders.sql: warning: impact on main: column 'customer_id' of 'stg_orders' (bigint on main) is no longer given by"
                        + " its SQL; 1 downstream column derives from it on main: passthrough.customer_id (copied)");
    }

    @Test
    void anUnchangedProjectAChangeNothingReadsAndAProjectNeverMergedWarnOfNothing() throws IOException {
        CompiledProject project = shop("select order_id, customer_id, amount from {{ ref('orders') }}\n").compile();
        MainColumns main = mainAfterRun(project);

        assertThat(main.impact(project.columnLineage(), project.graph())).isEmpty();
        CompiledProject renamedLeaf = shop("select order_id, customer_id, amount from {{ ref('orders') }}\n")
                .file("models/revenue.sql", "select order_id, sum(amount) as total from {{ ref('passthrough') }} group by 1\n").compile();
        assertThat(main.impact(renamedLeaf.columnLineage(), renamedLeaf.graph())).isEmpty();
        assertThat(MainColumns.read(root.resolve(".strata/none.json")).impact(project.columnLineage(), project.graph())).isEmpty();
    }
}
