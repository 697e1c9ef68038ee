package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import io.strata.project.Location;
import io.strata.project.Materialization;
import io.strata.project.Relation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which SQL reads the clock or a random source, and so is built on every run. */
class FingerprintsTest {
    @Test
    void theClockAndRandomFunctionsAreFoundInTheSql() {
        assertThat(Fingerprints.readsClockOrRandom("select current_date as day")).isTrue();
        assertThat(Fingerprints.readsClockOrRandom("select * from t where at > CURRENT_TIMESTAMP - interval '1' day")).isTrue();
        assertThat(Fingerprints.readsClockOrRandom("select now() as t")).isTrue();
        assertThat(Fingerprints.readsClockOrRandom("select id from t order by rand ()")).isTrue();
        assertThat(Fingerprints.readsClockOrRandom("select uuid() as id")).isTrue();
    }

    @Test
    void wordsInCommentsStringsAndNamesAreNotCalls() {
        assertThat(Fingerprints.readsClockOrRandom("-- flags now raised\nselect 1")).isFalse();
        assertThat(Fingerprints.readsClockOrRandom("/* the current_date is\n not read */ select 1")).isFalse();
        assertThat(Fingerprints.readsClockOrRandom("select 'now() and current_date' as label, 'it''s now()' as other")).isFalse();
        assertThat(Fingerprints.readsClockOrRandom("select random_seed, now_playing, brand from t")).isFalse();
    }

    @Test
    void aSnapshotIsNeverUpToDateByItsFingerprint() {
        Asset.Builder asset = Asset.builder()
                .key(AssetKey.of("orders_snapshot"))
                .kind(AssetKind.MODEL)
                .location(Location.of("snapshots/orders.sql", 1))
                .relation(new Relation("snapshots", "orders_snapshot"))
                .sql("select * from raw.orders");

        assertThat(Fingerprints.applies(asset.materialization(Materialization.TABLE).build())).isTrue();
        assertThat(Fingerprints.applies(asset.materialization(Materialization.SNAPSHOT).build())).isFalse();
    }
}
