package io.strata.run;

import io.strata.project.Profile;
import io.strata.stack.testing.PostgresCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The same run history in a real PostgreSQL server (a throwaway cluster of the machine's PostgreSQL binaries). */
class PostgresRunStoreIT extends RunStoreContract {
    private static PostgresCluster cluster;
    private String url;

    @BeforeAll
    static void start() {
        cluster = PostgresCluster.shared();
    }

    @BeforeEach
    void newDatabase() {
        url = cluster.createDatabase();
    }

    @Override
    RunStore open() {
        Profile profile = new Profile("team", "trino", "analytics", Map.of("run_store", Map.of("url", url, "user", PostgresCluster.USER,
                "password_env", "RUN_STORE_PASSWORD")));
        return RunStore.forProfile(profile, Path.of("unused"), variable -> variable.equals("RUN_STORE_PASSWORD") ? "" : null);
    }

    @Test
    void runnersOpeningANewDatabaseTogetherMigrateItOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            java.util.List<Future<Integer>> opened = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                opened.add(pool.submit(() -> {
                    try (RunStore store = RunStore.postgres(url, PostgresCluster.USER, "")) {
                        return store.list(10).size();
                    }
                }));
            }
            for (Future<Integer> store : opened) {
                assertThat(store.get()).isZero();
            }
        }
        finally {
            pool.shutdownNow();
        }
        try (var connection = java.sql.DriverManager.getConnection(url, PostgresCluster.USER, "");
             var rows = connection.createStatement().executeQuery("SELECT COUNT(*), MAX(version) FROM schema_version")) {
            rows.next();
            assertThat(rows.getInt(1)).as("each migration applied once").isEqualTo(rows.getInt(2)).isEqualTo(RunStore.MIGRATIONS.size());
        }
    }

    @Test
    void aProfileWhosePasswordVariableIsUnsetIsAClearError() {
        Profile profile = new Profile("team", "trino", "analytics", Map.of("run_store", Map.of("url", url, "password_env", "NOT_SET_ANYWHERE")));
        assertThatThrownBy(() -> RunStore.forProfile(profile, Path.of("unused"), variable -> null))
                .hasMessageContaining("NOT_SET_ANYWHERE").hasMessageContaining("strata.yml");
        Profile notPostgres = new Profile("team", "trino", "analytics", Map.of("run_store", "jdbc:mysql://db/strata"));
        assertThatThrownBy(() -> RunStore.forProfile(notPostgres, Path.of("unused"), variable -> null))
                .hasMessageContaining("jdbc:postgresql://");
    }
}
