package io.strata.engine.trino;

import io.strata.branch.Branches;
import io.strata.project.Relation;
import io.strata.lake.LakeEndpoints;
import io.strata.stack.testing.LocalStackExtension;
import io.strata.stack.testing.TestSql;
import io.strata.stack.testing.TestBranch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A view built on a run's branch still works on main after the merge and after the run's catalog is dropped. */
@ExtendWith(LocalStackExtension.class)
class TrinoViewsIT {
    @Test
    void aViewPointedAtMainBeforeTheMergeReadsMainAfterTheRunCatalogIsGone(LakeEndpoints endpoints, TestBranch branch, Branches branches)
            throws SQLException {
        String suffix = branch.name().replace('-', '_');
        Relation table = new Relation("analytics", "orders_" + suffix);
        Relation view = new Relation("analytics", "order_count_" + suffix);
        Relation brokenView = new Relation("analytics", "broken_" + suffix);
        try (Connection onBranch = branch.connect(); Statement statement = onBranch.createStatement()) {
            statement.execute("create table " + table.render() + " as select * from (values 1, 2, 3) as t(id)");
            statement.execute("create view " + view.render() + " as select count(*) as n from " + table.render());
            statement.execute("create view " + brokenView.render() + " as select count(*) as n from " + table.render());
        }

        TrinoViews.pointAtMain(endpoints, branch.name(), List.of(view));
        branches.merge(branch.name());
        branch.engine().release(branch.name());

        try (Connection onMain = branch.engine().connect(Branches.MAIN)) {
            assertThat(TestSql.single(onMain, "select n from " + view.render())).isEqualTo(3);
            onMain.createStatement().execute("insert into " + table.render() + " values 4");
            assertThat(TestSql.single(onMain, "select n from " + view.render())).as("it reads main's table, not the branch's").isEqualTo(4);
            assertThatThrownBy(() -> TestSql.single(onMain, "select n from " + brokenView.render()))
                    .as("without the fix, the view names the dropped run catalog")
                    .hasMessageContaining("branch_" + branch.name().replace('-', '_'));
        }
    }
}
