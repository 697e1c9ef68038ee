package io.strata.lineage;

import io.strata.graph.Asset;
import io.strata.project.Materialization;
import io.strata.project.SnapshotConfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A snapshot's columns: its query's, then the columns it adds ({@code dbt_scd_id}, {@code dbt_updated_at},
 * {@code dbt_valid_from}, {@code dbt_valid_to}, and {@code dbt_is_deleted} with {@code hard_deletes='new_record'}).
 * The time columns derive from {@code updated_at} and have its type when the strategy is timestamp.
 */
final class SnapshotShape {
    private SnapshotShape() {
    }

    /** The shape of the asset's table: its query's, with a snapshot's added columns when it is one with a usable config. */
    static QueryLineage.Shape of(Asset asset, QueryLineage.Shape query) {
        if (asset.materialization() != Materialization.SNAPSHOT || !query.complete) {
            return query;
        }
        Optional<SnapshotConfig> config = SnapshotConfig.read(asset.config()).config();
        if (config.isEmpty()) {
            return query;
        }
        SnapshotConfig snapshot = config.get();
        Set<QueryLineage.Origin> time = snapshot.updatedAt().flatMap(column -> find(query, column)).orElse(Set.of());
        SqlType timeType = snapshot.strategy() == SnapshotConfig.Strategy.TIMESTAMP
                ? snapshot.updatedAt().map(column -> typeOf(query, column)).orElse(SqlType.UNKNOWN)
                : SqlType.TIMESTAMP;
        Set<QueryLineage.Origin> identity = new LinkedHashSet<>(time);
        snapshot.uniqueKey().forEach(key -> find(query, key).ifPresent(identity::addAll));
        List<String> names = new ArrayList<>(query.names);
        List<SqlType> types = new ArrayList<>(query.types);
        List<Set<QueryLineage.Origin>> origins = new ArrayList<>(query.origins);
        SnapshotConfig.Columns columns = snapshot.columns();
        add(names, types, origins, columns.scdId(), SqlType.VARCHAR, identity);
        add(names, types, origins, columns.updatedAt(), timeType, time);
        add(names, types, origins, columns.validFrom(), timeType, time);
        add(names, types, origins, columns.validTo(), timeType, time);
        if (snapshot.hardDeletes() == SnapshotConfig.HardDeletes.NEW_RECORD) {
            add(names, types, origins, columns.isDeleted(), SqlType.VARCHAR, Set.of());
        }
        return new QueryLineage.Shape(names, types, origins, true, name -> Optional.empty(), query.rows);
    }

    private static void add(List<String> names, List<SqlType> types, List<Set<QueryLineage.Origin>> origins, String name, SqlType type,
                            Set<QueryLineage.Origin> from) {
        names.add(name.toLowerCase(Locale.ROOT));
        types.add(type);
        origins.add(Set.copyOf(from));
    }

    private static Optional<Set<QueryLineage.Origin>> find(QueryLineage.Shape query, String column) {
        return index(query, column).map(query.origins::get);
    }

    private static SqlType typeOf(QueryLineage.Shape query, String column) {
        return index(query, column).map(query.types::get).orElse(SqlType.UNKNOWN);
    }

    private static Optional<Integer> index(QueryLineage.Shape query, String column) {
        for (int i = 0; i < query.names.size(); i++) {
            if (query.names.get(i).equalsIgnoreCase(column)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
