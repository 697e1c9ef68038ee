package io.strata.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How a Java asset is partitioned: windows of an hour, a day, a week (from Monday) or a month from a start, or a list of
 * static values; each partition's rows are those whose {@code column} falls in it. The same declaration as a model's
 * {@code partitioned_by}, checked when the project compiles:
 * <pre>{@code
 * Partitions.daily("2025-01-01").column("sale_date")
 * Partitions.hourly("2025-03-01T00:00").timeZone("Europe/Berlin").lag(2).column("read_at")
 * Partitions.monthly("2024-01").end("2026-01").column("month")
 * Partitions.values("north", "south").column("region")
 * }</pre>
 * Instances are immutable: each method returns a new declaration.
 */
public final class Partitions {
    private final Optional<String> granularity;
    private final Optional<String> start;
    private final Optional<String> end;
    private final Optional<String> timeZone;
    private final int lag;
    private final Optional<String> column;
    private final List<String> values;

    private Partitions(Optional<String> granularity, Optional<String> start, Optional<String> end, Optional<String> timeZone, int lag,
                       Optional<String> column, List<String> values) {
        this.granularity = granularity;
        this.start = start;
        this.end = end;
        this.timeZone = timeZone;
        this.lag = lag;
        this.column = column;
        this.values = List.copyOf(values);
    }

    private static Partitions windows(String granularity, String start) {
        return new Partitions(Optional.of(granularity), Optional.of(requireNonNull(start, "start")), Optional.empty(), Optional.empty(), 0,
                Optional.empty(), List.of());
    }

    /** Hours from {@code start} ({@code 2025-03-01T00:00}). */
    public static Partitions hourly(String start) {
        return windows("hour", start);
    }

    /** Days from {@code start} ({@code 2025-03-01}). */
    public static Partitions daily(String start) {
        return windows("day", start);
    }

    /** Weeks, Monday to Sunday, from {@code start}, a Monday. */
    public static Partitions weekly(String start) {
        return windows("week", start);
    }

    /** Months from {@code start} ({@code 2025-03} or {@code 2025-03-01}). */
    public static Partitions monthly(String start) {
        return windows("month", start);
    }

    /** One partition per value, in the order given. */
    public static Partitions values(String... values) {
        return new Partitions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty(), List.of(values));
    }

    /** The end of the last window, exclusive ({@code 2026-01-01} stops after December 2025); by default there is none. */
    public Partitions end(String end) {
        return new Partitions(granularity, start, Optional.of(end), timeZone, lag, column, values);
    }

    /** Whose wall clock the windows follow, and when a window has ended; by default UTC. */
    public Partitions timeZone(String zone) {
        return new Partitions(granularity, start, end, Optional.of(zone), lag, column, values);
    }

    /** How many of the latest ended windows are held back (data that arrives late); by default 0. */
    public Partitions lag(int windows) {
        return new Partitions(granularity, start, end, timeZone, windows, column, values);
    }

    /** The column whose value places a row in a partition (required): a {@code date}, or a timestamp for hours. */
    public Partitions column(String name) {
        return new Partitions(granularity, start, end, timeZone, lag, Optional.of(name), values);
    }

    /** The declaration as a model's {@code partitioned_by} config holds it. */
    public Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        if (!values.isEmpty()) {
            config.put("values", values);
        }
        granularity.ifPresent(value -> config.put("granularity", value));
        start.ifPresent(value -> config.put("start", value));
        end.ifPresent(value -> config.put("end", value));
        timeZone.ifPresent(value -> config.put("time_zone", value));
        if (lag != 0) {
            config.put("lag", lag);
        }
        column.ifPresent(value -> config.put("column", value));
        return java.util.Collections.unmodifiableMap(config);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Partitions that && config().equals(that.config());
    }

    @Override
    public int hashCode() {
        return config().hashCode();
    }

    @Override
    public String toString() {
        return "partitioned_by " + config();
    }
}
