package io.strata.engine.dremio;

import io.strata.lake.LakeEndpoints;
import io.strata.project.Profile;
import io.strata.project.Relation;
import io.strata.stack.testing.LocalStackExtension;
import io.strata.stack.testing.TestBranch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Dremio engine asks Nessie rather than Dremio, on the real Nessie and object store of the local stack (no
 * Dremio needed): which relations a branch holds and of which kind, a new schema, and the fingerprints that make a
 * model up to date, kept on the table as on Trino. The relations are made on the branch through Trino, which writes
 * the same Iceberg tables and views a Dremio over that Nessie would.
 */
@ExtendWith(LocalStackExtension.class)
class DremioLakeIT {
    private final String schema = "dl_" + UUID.randomUUID().toString().substring(0, 8);

    private static DremioEngine engine(LakeEndpoints endpoints) {
        // Nothing listens there: every answer below comes from Nessie's catalog, none from Dremio.
        Profile profile = new Profile("dremio", "dremio", "analytics", Map.of("dremio", "grpc://127.0.0.1:1", "user", "strata",
                "password_env", "PATH"));
        return new DremioEngine(DremioSettings.from(profile, System::getenv), endpoints);
    }

    @Test
    void theBranchsTablesViewsSchemasAndFingerprintsComeFromNessie(TestBranch branch, LakeEndpoints endpoints) throws Exception {
        Relation numbers = new Relation(schema, "numbers");
        Relation tens = new Relation(schema, "tens");
        Relation later = new Relation(schema + "_later", "anything");
        try (Connection trino = branch.connect(); Statement statement = trino.createStatement()) {
            statement.execute("create schema " + schema);
            statement.execute("create table " + numbers.render() + " as select * from (values 1, 2, 3) as t(n)");
            statement.execute("create view " + tens.render() + " as select n * 10 as n10 from " + numbers.render());
        }
        try (DremioEngine engine = engine(endpoints); IcebergBranchCatalog catalog = new IcebergBranchCatalog(endpoints)) {
            assertThat(catalog.relations(branch.name())).contains(numbers, tens);
            assertThat(catalog.kind(branch.name(), numbers)).contains(BranchCatalog.Kind.TABLE);
            assertThat(catalog.kind(branch.name(), tens)).contains(BranchCatalog.Kind.VIEW);
            assertThat(engine.exists(branch.name(), numbers)).isTrue();
            assertThat(engine.exists("main", numbers)).as("made on the branch only").isFalse();

            assertThat(engine.state(branch.name(), numbers)).hasValueSatisfying(state -> assertThat(state.fingerprint()).isEmpty());
            engine.recordFingerprint(branch.name(), numbers, "f1");
            assertThat(engine.state(branch.name(), numbers)).hasValueSatisfying(state -> assertThat(state.fingerprint()).contains("f1"));

            engine.createSchema(branch.name(), later);
            try (Connection trino = branch.connect(); Statement statement = trino.createStatement()) {
                statement.execute("create table " + later.render() + " as select 1 as one");
            }
            assertThat(catalog.kind(branch.name(), later)).as("the schema the engine made holds tables").contains(BranchCatalog.Kind.TABLE);

            try (Connection trino = branch.connect(); Statement statement = trino.createStatement()) {
                statement.execute("insert into " + numbers.render() + " values 4");
            }
            assertThat(engine.state(branch.name(), numbers)).as("a change by anyone else drops the fingerprint")
                    .hasValueSatisfying(state -> assertThat(state.fingerprint()).isEmpty());
        }
    }
}
