package io.strata.engine.dremio;

import io.strata.lake.IcebergRelations;
import io.strata.project.Relation;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The partition fingerprints the Dremio engine keeps with a table, through a real Iceberg catalog (Iceberg's own
 * in-memory one, standing in for a branch's REST catalog in Nessie): table properties, committed and read back
 * under the names the Trino engine uses, so a project may move between the engines.
 */
class IcebergBranchCatalogTest {
    private static final Relation SALES = new Relation("silver", "sales");

    private final InMemoryCatalog catalog = new InMemoryCatalog();

    @BeforeEach
    void createTable() {
        catalog.initialize("branch", Map.of());
        catalog.createNamespace(Namespace.of("silver"));
        catalog.createTable(TableIdentifier.of("silver", "sales"), new Schema(Types.NestedField.required(1, "sale_date", Types.DateType.get())));
    }

    @AfterEach
    void close() throws Exception {
        catalog.close();
    }

    @Test
    void fingerprintsAreTablePropertiesCommittedAndReadBack() {
        IcebergBranchCatalog.recordPartitions(catalog, SALES, Map.of("2025-01-01", "january", "2025-02-01", "february"));
        IcebergBranchCatalog.recordPartitions(catalog, SALES, Map.of("2025-02-01", "february rebuilt"));

        assertThat(IcebergBranchCatalog.partitionFingerprints(catalog, SALES))
                .containsExactly(entry("2025-01-01", "january"), entry("2025-02-01", "february rebuilt"));
        assertThat(catalog.loadTable(TableIdentifier.of("silver", "sales")).properties())
                .containsEntry(IcebergRelations.PARTITION_PREFIX + "2025-01-01", "january");
    }

    @Test
    void otherTablePropertiesAreNoPartitions() {
        catalog.loadTable(TableIdentifier.of("silver", "sales")).updateProperties().set(IcebergRelations.FINGERPRINT, "whole table").commit();

        assertThat(IcebergBranchCatalog.partitionFingerprints(catalog, SALES)).isEmpty();
    }

    @Test
    void aRelationThatIsNoTableHasNoneAndRecordsNone() {
        Relation missing = new Relation("silver", "refunds");

        IcebergBranchCatalog.recordPartitions(catalog, missing, Map.of("2025-01-01", "january"));

        assertThat(IcebergBranchCatalog.partitionFingerprints(catalog, missing)).isEmpty();
        assertThat(catalog.tableExists(TableIdentifier.of("silver", "refunds"))).as("recording made no table").isFalse();
    }
}
