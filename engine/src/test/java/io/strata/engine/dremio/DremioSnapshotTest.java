package io.strata.engine.dremio;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import io.strata.lake.LakeEndpoints;
import io.strata.project.Location;
import io.strata.project.Materialization;
import io.strata.project.Relation;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Dremio does not build snapshots yet: it says so by name before it touches the branch (no server answers here). */
class DremioSnapshotTest {
    private final DremioEngine engine = new DremioEngine(new DremioSettings(URI.create("grpc://127.0.0.1:1"), "u", "p", false, "nessie"),
            new LakeEndpoints(URI.create("http://127.0.0.1:2"), URI.create("grpc://127.0.0.1:1"), URI.create("http://127.0.0.1:3"), "k", "s", "u",
                    Optional.empty()), new MemoryBranchCatalog());

    @Test
    void aSnapshotIsRefusedWithWhatToDoInstead() {
        Asset snapshot = Asset.builder()
                .key(AssetKey.of("orders_snapshot"))
                .kind(AssetKind.MODEL)
                .materialization(Materialization.SNAPSHOT)
                .location(Location.of("snapshots/orders.sql", 1))
                .relation(new Relation("snapshots", "orders_snapshot"))
                .sql("select * from raw.orders")
                .build();

        assertThatThrownBy(() -> engine.materialize("run-1", snapshot, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("snapshot orders_snapshot is not built on Dremio yet: Strata builds snapshots on Trino only; run it with a Trino"
                        + " profile, or leave it out of the selection (--exclude orders_snapshot)");
    }
}
