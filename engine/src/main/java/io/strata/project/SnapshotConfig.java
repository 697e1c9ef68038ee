package io.strata.project;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How a snapshot records its query's rows, read from its config as dbt reads it: which column(s) identify a row
 * ({@code unique_key}), how a changed row is told ({@code strategy} with {@code updated_at} or {@code check_cols}),
 * what happens to rows that leave the query ({@code hard_deletes}), and the names of the columns it adds.
 *
 * @param checkColumns the columns the check strategy compares; empty for {@code check_cols='all'} (every column of the query)
 * @param updatedAt the column holding each row's last change: required by the timestamp strategy, optional for check
 * @param validToCurrent an SQL expression {@code dbt_valid_to} holds in current rows instead of NULL
 */
public record SnapshotConfig(
        List<String> uniqueKey,
        Strategy strategy,
        Optional<String> updatedAt,
        List<String> checkColumns,
        HardDeletes hardDeletes,
        Optional<String> validToCurrent,
        Columns columns) {

    /** How a changed row is told from an unchanged one. */
    public enum Strategy {
        /** The row's {@code updated_at} is newer than the current version's. */
        TIMESTAMP,
        /** One of the check columns differs from the current version's. */
        CHECK;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a build does to current rows whose key is gone from the query. */
    public enum HardDeletes {
        /** Leaves them current. */
        IGNORE,
        /** Closes them: {@code dbt_valid_to} is the build's time. */
        INVALIDATE,
        /** Closes them and adds a current row marked {@code dbt_is_deleted = 'True'}. */
        NEW_RECORD;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The names of the columns a snapshot adds to its query's ({@code snapshot_meta_column_names}). */
    public record Columns(String scdId, String updatedAt, String validFrom, String validTo, String isDeleted) {
        public static final Columns DEFAULT = new Columns("dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "dbt_is_deleted");

        public Columns {
            requireNonNull(scdId, "scdId");
            requireNonNull(updatedAt, "updatedAt");
            requireNonNull(validFrom, "validFrom");
            requireNonNull(validTo, "validTo");
            requireNonNull(isDeleted, "isDeleted");
        }
    }

    public SnapshotConfig {
        uniqueKey = List.copyOf(uniqueKey);
        requireNonNull(strategy, "strategy");
        requireNonNull(updatedAt, "updatedAt");
        checkColumns = List.copyOf(checkColumns);
        requireNonNull(hardDeletes, "hardDeletes");
        requireNonNull(validToCurrent, "validToCurrent");
        requireNonNull(columns, "columns");
    }

    /** The columns the snapshot adds, in table order: {@code dbt_is_deleted} only with {@code hard_deletes='new_record'}. */
    public List<String> addedColumns() {
        List<String> added = new ArrayList<>(List.of(columns.scdId(), columns.updatedAt(), columns.validFrom(), columns.validTo()));
        if (hardDeletes == HardDeletes.NEW_RECORD) {
            added.add(columns.isDeleted());
        }
        return added;
    }

    /**
     * The snapshot config in {@code config}, or the errors that make it unusable (each a sentence saying what to write).
     */
    public static Result read(ModelConfig config) {
        List<String> errors = new ArrayList<>();
        List<String> uniqueKey = config.uniqueKey();
        if (uniqueKey.isEmpty()) {
            errors.add("a snapshot needs unique_key: the column(s) that identify a row of its query");
        }
        String strategyText = config.string("strategy").orElse("");
        Optional<Strategy> strategy = switch (strategyText) {
            case "timestamp" -> Optional.of(Strategy.TIMESTAMP);
            case "check" -> Optional.of(Strategy.CHECK);
            default -> Optional.empty();
        };
        if (strategy.isEmpty()) {
            errors.add(strategyText.isEmpty() ? "a snapshot needs strategy='timestamp' (with updated_at) or strategy='check' (with check_cols)"
                    : "strategy='" + strategyText + "' is not one of check, timestamp");
        }
        Optional<String> updatedAt = config.string("updated_at").filter(text -> !text.isBlank());
        if (strategy.filter(Strategy.TIMESTAMP::equals).isPresent() && updatedAt.isEmpty()) {
            errors.add("strategy='timestamp' needs updated_at: the column that holds when each row last changed");
        }
        List<String> checkColumns = List.of();
        Object checkCols = config.values().get("check_cols");
        if (strategy.filter(Strategy.CHECK::equals).isPresent()) {
            if (checkCols == null || checkCols instanceof Collection<?> list && list.isEmpty()) {
                errors.add("strategy='check' needs check_cols: 'all' or a list of the columns whose change makes a new version");
            }
            else if (checkCols instanceof Collection<?> list) {
                checkColumns = list.stream().map(Object::toString).toList();
            }
            else if (!checkCols.toString().equals("all")) {
                errors.add("check_cols='" + checkCols + "' must be 'all' or a list of columns, e.g. ['status', 'amount']");
            }
        }
        Optional<HardDeletes> hardDeletes = hardDeletes(config, errors);
        Optional<String> validToCurrent = config.string("dbt_valid_to_current").filter(text -> !text.isBlank());
        Columns columns = columns(config, errors);
        if (!errors.isEmpty()) {
            return new Result(Optional.empty(), errors);
        }
        return new Result(Optional.of(new SnapshotConfig(uniqueKey, strategy.orElseThrow(), updatedAt, checkColumns, hardDeletes.orElseThrow(),
                validToCurrent, columns)), List.of());
    }

    /** A snapshot config, or why there is none. */
    public record Result(Optional<SnapshotConfig> config, List<String> errors) {
        public Result {
            requireNonNull(config, "config");
            errors = List.copyOf(errors);
        }
    }

    private static Optional<HardDeletes> hardDeletes(ModelConfig config, List<String> errors) {
        Optional<String> written = config.string("hard_deletes");
        if (written.isEmpty()) {
            boolean legacy = config.string("invalidate_hard_deletes").map(text -> text.equalsIgnoreCase("true")).orElse(false);
            return Optional.of(legacy ? HardDeletes.INVALIDATE : HardDeletes.IGNORE);
        }
        for (HardDeletes mode : HardDeletes.values()) {
            if (mode.label().equals(written.get())) {
                return Optional.of(mode);
            }
        }
        errors.add("hard_deletes='" + written.get() + "' is not one of ignore, invalidate, new_record");
        return Optional.empty();
    }

    private static Columns columns(ModelConfig config, List<String> errors) {
        Object names = config.values().get("snapshot_meta_column_names");
        if (names == null) {
            return Columns.DEFAULT;
        }
        if (!(names instanceof Map<?, ?> map)) {
            errors.add("snapshot_meta_column_names must be a mapping, e.g. {dbt_valid_from: valid_from, dbt_valid_to: valid_to}");
            return Columns.DEFAULT;
        }
        Columns defaults = Columns.DEFAULT;
        List<String> known = List.of(defaults.scdId(), defaults.updatedAt(), defaults.validFrom(), defaults.validTo(), defaults.isDeleted());
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                errors.add("snapshot_meta_column_names: '" + key + "' is not one of " + String.join(", ", known));
            }
        }
        return new Columns(name(map, defaults.scdId()), name(map, defaults.updatedAt()), name(map, defaults.validFrom()),
                name(map, defaults.validTo()), name(map, defaults.isDeleted()));
    }

    private static String name(Map<?, ?> names, String column) {
        Object renamed = names.get(column);
        return renamed == null || renamed.toString().isBlank() ? column : renamed.toString();
    }
}
