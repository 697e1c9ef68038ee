package io.strata.engine.dremio;

import io.strata.project.Relation;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The placement checker finds each kind of misplaced or missing version clause (a checker that finds nothing proves nothing). */
class DremioPlacementTest {
    private final DremioPlacement placement = new DremioPlacement("nessie", Set.of(new Relation("silver", "stations"), new Relation("bronze", "raw")));

    @Test
    void aReadWithoutTheBranchIsFound() {
        assertThat(placement.onBranch("CREATE TABLE nessie.silver.stations AT BRANCH \"run-1\" AS\nSELECT * FROM nessie.bronze.raw", "run-1"))
                .singleElement().asString().contains("read without AT BRANCH").contains("SELECT * FROM nessie.bronze.raw");
        assertThat(placement.onBranch("SELECT * FROM nessie.bronze.raw AT BRANCH \"main\"", "run-1"))
                .singleElement().asString().contains("not AT BRANCH \"run-1\"");
    }

    @Test
    void aWriteWithoutTheBranchOrAtATagIsFound() {
        assertThat(placement.onBranch("INSERT INTO nessie.silver.stations SELECT 1", "run-1"))
                .singleElement().asString().contains("written table has no AT BRANCH");
        assertThat(placement.onBranch("DROP TABLE IF EXISTS nessie.silver.stations AT TAG \"v1\"", "run-1"))
                .singleElement().asString().contains("only be AT BRANCH or AT REF");
        assertThat(placement.onBranch("CREATE TABLE nessie.silver.stations (id BIGINT) AT REF \"run-1\"", "run-1")).isEmpty();
    }

    @Test
    void aPinnedTableInAViewBodyIsFound() {
        assertThat(placement.view("CREATE OR REPLACE VIEW nessie.silver.v AT BRANCH \"run-1\" AS\nSELECT * FROM nessie.bronze.raw AT BRANCH \"run-1\"", "run-1"))
                .singleElement().asString().contains("view's body pins a table");
    }

    @Test
    void aLakeRelationWithoutItsSourceIsFoundButNotInLiteralsCommentsOrQuotedNames() {
        assertThat(placement.onBranch("SELECT * FROM silver.stations s JOIN \"bronze\".\"raw\" r ON true", "run-1")).hasSize(2);
        assertThat(placement.onBranch("SELECT 'silver.stations', \"silver.stations\" -- silver.stations\nFROM nessie.silver.stations AT BRANCH \"run-1\"",
                "run-1")).isEmpty();
    }
}
