package io.strata.stack;

import io.strata.lake.LakeEndpoints;
import io.strata.branch.BranchRef;
import io.strata.branch.Branches;
import io.strata.branch.MergeConflictException;
import io.strata.stack.testing.LocalStackExtension;
import io.strata.stack.testing.TestSql;
import io.strata.stack.testing.TestBranch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real stack: Trino reading and writing Iceberg tables on Nessie branches in the S3 store. */
@ExtendWith(LocalStackExtension.class)
class LocalStackIT {
    private static boolean tableExists(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from information_schema.tables where table_schema = 'analytics' and table_name = '" + table + "'")) {
            rows.next();
            return rows.getLong(1) > 0;
        }
    }

    @Test
    void trinoAnswersOnMainAndEveryProcessIsHealthy(LocalStack stack, TestBranch branch) throws SQLException {
        try (Connection main = branch.engine().connect(Branches.MAIN)) {
            assertThat(TestSql.single(main, "select 41 + 1")).isEqualTo(42);
        }
        assertThat(stack.status()).allSatisfy(status -> {
            assertThat(status.healthy()).as(status.service().id()).isTrue();
            assertThat(status.port()).isPresent();
            assertThat(status.residentBytes()).isPresent();
        });
    }

    @Test
    void aTableWrittenOnABranchReachesMainOnlyThroughTheMerge(TestBranch branch, Branches branches) throws SQLException {
        String table = "orders_" + branch.name().replace('-', '_');
        BranchRef mainBefore = branches.main();
        try (Connection onBranch = branch.connect()) {
            onBranch.createStatement().execute("create table analytics." + table + " as select * from (values (1, 10.5), (2, 20.0)) as t(id, amount)");
            assertThat(TestSql.single(onBranch, "select count(*) from analytics." + table)).isEqualTo(2);
        }
        try (Connection main = branch.engine().connect(Branches.MAIN)) {
            assertThat(tableExists(main, table)).isFalse();
            assertThat(branches.main()).isEqualTo(mainBefore);

            BranchRef mainAfter = branches.merge(branch.name());

            assertThat(mainAfter.hash()).isNotEqualTo(mainBefore.hash());
            assertThat(TestSql.single(main, "select count(*) from analytics." + table)).isEqualTo(2);
            assertThat(TestSql.single(main, "select sum(id) from analytics." + table)).isEqualTo(3);
        }
    }

    @Test
    void twoBranchesChangingTheSameTableMergeOnceAndTheSecondConflictNamesIt(Branches branches, TestBranch first) throws SQLException {
        String table = "shared_" + first.name().replace('-', '_');
        try (Connection onFirst = first.connect()) {
            onFirst.createStatement().execute("create table analytics." + table + " as select 1 as id");
        }
        branches.merge(first.name());
        String third = "test-third-" + first.name().substring(5);
        branches.create(third);
        try (Connection onThird = first.engine().connect(third); Connection onMain = first.engine().connect(Branches.MAIN)) {
            onThird.createStatement().execute("insert into analytics." + table + " values (2)");
            onMain.createStatement().execute("insert into analytics." + table + " values (3)");

            assertThatThrownBy(() -> branches.merge(third))
                    .isInstanceOfSatisfying(MergeConflictException.class, conflict ->
                            assertThat(conflict.tables()).containsExactly("analytics." + table))
                    .hasMessageContaining("analytics." + table);
            assertThat(TestSql.single(onMain, "select count(*) from analytics." + table)).as("main kept its own change only").isEqualTo(2);
        }
        finally {
            first.engine().release(third);
            branches.delete(third);
        }
    }

    @Test
    void upReusesAHealthyStack(LocalStack stack, LakeEndpoints endpoints) {
        var before = stack.status().stream().map(ServiceStatus::pid).toList();

        LakeEndpoints again = stack.up();

        assertThat(again).isEqualTo(endpoints);
        assertThat(stack.status().stream().map(ServiceStatus::pid).toList()).isEqualTo(before);
    }

    @Test
    void aCrashedProcessIsFoundAndStartedAgainByTheNextUp(LocalStack stack) {
        ServiceStatus s3 = stack.status().stream().filter(status -> status.service() == Service.S3PROXY).findFirst().orElseThrow();
        ProcessHandle process = ProcessHandle.of(s3.pid().orElseThrow()).orElseThrow();
        process.destroyForcibly();
        process.onExit().join();

        stack.up();

        ServiceStatus restarted = stack.status().stream().filter(status -> status.service() == Service.S3PROXY).findFirst().orElseThrow();
        assertThat(restarted.healthy()).isTrue();
        assertThat(restarted.pid()).isNotEqualTo(s3.pid());
        assertThat(restarted.port()).isEqualTo(s3.port());
    }

    @Test
    void branchesAreListedAndDeleted(Branches branches, TestBranch branch) {
        assertThat(branches.list()).extracting(BranchRef::name).contains(Branches.MAIN, branch.name());
        assertThat(branches.log(Branches.MAIN, 5)).isNotEmpty();

        branches.delete(branch.name());

        assertThat(branches.find(branch.name())).isEqualTo(Optional.empty());
    }
}
