package io.strata.engine.dremio;

import io.strata.api.AssetKey;
import io.strata.branch.NessieBranches;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import io.strata.lake.LakeEndpoints;
import io.strata.project.Location;
import io.strata.project.Materialization;
import io.strata.project.Profile;
import io.strata.project.Relation;
import io.strata.stack.Profiles;
import io.strata.stack.testing.TestSql;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dremio engine against a real Dremio, when one is given in the environment; skipped otherwise (CI has none):
 * <pre>
 * STRATA_DREMIO_URL=grpc://localhost:32010  STRATA_DREMIO_NESSIE=http://localhost:19120  STRATA_DREMIO_S3=http://localhost:9000
 * STRATA_DREMIO_USER=strata  STRATA_DREMIO_PASSWORD=...  (or STRATA_DREMIO_TOKEN=...)  STRATA_DREMIO_SOURCE=nessie
 * STRATA_S3_ACCESS_KEY=...  STRATA_S3_SECRET_KEY=...
 * </pre>
 * (examples/dremio/compose.yml starts such a Dremio.) It builds a table and a view on a new branch, reads them there,
 * finds main without them, merges, reads them on main, then drops them from main: it writes to that Nessie's main,
 * in a schema of its own.
 */
class DremioLiveIT {
    private static final String URL = System.getenv("STRATA_DREMIO_URL");

    @BeforeAll
    static void requireADremio() {
        requireADremio("DremioLiveIT");
    }

    /** Skips the calling test class, saying so, unless a Dremio is given in the environment. */
    static void requireADremio(String test) {
        if (URL == null) {
            System.out.println(test + " skipped: no Dremio given (set STRATA_DREMIO_URL and the variables in DremioLiveIT's class comment)");
        }
        Assumptions.assumeTrue(URL != null, "no Dremio given in STRATA_DREMIO_URL");
    }

    static Profile profile() {
        Map<String, Object> settings = new HashMap<>(Map.of("type", "dremio", "dremio", URL,
                "nessie", System.getenv().getOrDefault("STRATA_DREMIO_NESSIE", "http://localhost:19120"),
                "s3", System.getenv().getOrDefault("STRATA_DREMIO_S3", "http://localhost:9000"),
                "user", System.getenv().getOrDefault("STRATA_DREMIO_USER", "strata"),
                "nessie_source", System.getenv().getOrDefault("STRATA_DREMIO_SOURCE", DremioSettings.DEFAULT_SOURCE)));
        settings.put(System.getenv("STRATA_DREMIO_TOKEN") != null ? "token_env" : "password_env",
                System.getenv("STRATA_DREMIO_TOKEN") != null ? "STRATA_DREMIO_TOKEN" : "STRATA_DREMIO_PASSWORD");
        return new Profile("live", "dremio", "analytics", settings);
    }

    private static Asset model(String name, Relation relation, Materialization materialization, String sql) {
        return Asset.builder().key(AssetKey.of(name)).kind(AssetKind.MODEL).materialization(materialization)
                .location(Location.of("models/" + name + ".sql")).relation(relation).sql(sql).build();
    }

    @Test
    void aTableAndAViewBuiltOnABranchReachMainOnlyWithTheMerge() throws Exception {
        Profile profile = profile();
        LakeEndpoints endpoints = Profiles.endpoints(profile, Path.of("."), System.err);
        String schema = "strata_live_" + UUID.randomUUID().toString().substring(0, 8);
        String branch = "run-live-" + UUID.randomUUID().toString().substring(0, 8);
        Relation numbers = new Relation(schema, "numbers");
        Relation tens = new Relation(schema, "tens");
        try (DremioEngine engine = new DremioEngine(DremioSettings.from(profile, System::getenv), endpoints);
             NessieBranches branches = new NessieBranches(endpoints.nessieApi())) {
            branches.create(branch);
            try {
                engine.materialize(branch, model("numbers", numbers, Materialization.TABLE, "select * from (values (1), (2), (3)) as t(n)"), false);
                engine.materialize(branch, model("tens", tens, Materialization.VIEW, "select n * 10 as n10 from " + numbers.render()), false);

                try (Connection connection = engine.connect(branch)) {
                    assertThat(TestSql.single(connection, "select sum(n10) from " + tens.render())).isEqualTo(60);
                }
                assertThat(engine.exists("main", numbers)).as("main is untouched before the merge").isFalse();

                branches.merge(branch);

                try (Connection connection = engine.connect("main")) {
                    assertThat(TestSql.single(connection, "select sum(n10) from " + tens.render())).as("the view follows main after the merge")
                            .isEqualTo(60);
                }
            }
            finally {
                try (Connection connection = engine.connect("main"); Statement statement = connection.createStatement()) {
                    DremioStatements statements = new DremioStatements(DremioSettings.from(profile, System::getenv).source());
                    statement.execute(statements.drop(tens, "main", true));
                    statement.execute(statements.drop(numbers, "main", false));
                }
                branches.delete(branch);
            }
        }
    }
}
