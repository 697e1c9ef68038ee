package io.strata.partition;

import io.strata.graph.Asset;
import io.strata.project.Relation;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How an asset is partitioned, declared in its config as dbt-style {@code partitioned_by}:
 * <pre>
 * {{ config(partitioned_by={'granularity': 'day', 'start': '2025-01-01', 'column': 'sale_date'}) }}
 * {{ config(partitioned_by={'values': ['north', 'south'], 'column': 'region'}) }}
 * </pre>
 * A time partitioning has windows of an hour, a day, a week (from Monday) or a month, from {@code start} up to
 * {@code end} (exclusive; default: none), in the wall clock of {@code time_zone} (default UTC), the last
 * {@code lag} windows held back (default 0). A build of a window replaces exactly the rows whose {@code column}
 * falls in it.
 */
public sealed interface PartitionsDefinition {
    /** The config key. */
    String CONFIG = "partitioned_by";

    /** The column whose value places a row in a partition. */
    String column();

    /** The partitions there are now, in order: every window from the start that has ended (less the lag), or every value. */
    List<Partition> partitions(Instant now);

    /** The partition a key names; refused with what keys look like when it names none. */
    Partition partition(String key);

    /** The first partition declared (the window at {@code start}, or the first value), ended or not. */
    Partition first();

    /**
     * The partitions from {@code first} to {@code last}, both included, in order, whether their windows have ended or
     * not (a backfill may name today's); refused when {@code first} comes after {@code last}.
     */
    List<Partition> range(Partition first, Partition last);

    /** Whether consecutive partitions may be built as one range (time windows: one statement for a quarter). */
    boolean contiguous();

    /** The SQL condition that holds for exactly the rows of the partitions {@code first} to {@code last}. */
    String condition(Partition first, Partition last);

    /** What {@code partition.start}, {@code partition.end} and {@code partition.key} render as for the partitions {@code first} to {@code last}. */
    Map<String, String> rendering(Partition first, Partition last);

    /**
     * The time a partition reads of an input mapped with offsets ({@link PartitionMapping}): its window with the start
     * moved by {@code startOffset} windows and the end by {@code endOffset}, whether those windows are declared or not;
     * refused for static values, which have no windows to move.
     */
    Partition shifted(Partition partition, int startOffset, int endOffset);

    /** The asset's partitioning, when it declares one; refused (a message without the place) when its declaration is malformed. */
    static Optional<PartitionsDefinition> of(Asset asset) {
        return parse(asset.config().values().get(CONFIG));
    }

    /** Whether the asset declares partitions (well-formed or not). */
    static boolean declared(Asset asset) {
        return asset.config().values().containsKey(CONFIG);
    }

    /** A {@code partitioned_by} value as declared (null when none); refused (a message without the place) when malformed. */
    static Optional<PartitionsDefinition> parse(Object declared) {
        if (declared == null) {
            return Optional.empty();
        }
        if (!(declared instanceof Map<?, ?> settings)) {
            throw new IllegalArgumentException(CONFIG + " must be a mapping, as in {'granularity': 'day', 'start': '2025-01-01', 'column': 'sale_date'}");
        }
        Object column = settings.get("column");
        if (column == null || column.toString().isBlank()) {
            throw new IllegalArgumentException(CONFIG + " needs 'column': the column whose value places a row in a partition");
        }
        if (settings.containsKey("values")) {
            if (!(settings.get("values") instanceof List<?> values) || values.isEmpty()) {
                throw new IllegalArgumentException(CONFIG + " 'values' must be a non-empty list, as in ['north', 'south']");
            }
            return Optional.of(new StaticValues(values.stream().map(String::valueOf).toList(), column.toString()));
        }
        Granularity granularity = Granularity.parse(String.valueOf(settings.get("granularity")));
        Object start = settings.get("start");
        if (start == null) {
            throw new IllegalArgumentException(CONFIG + " needs 'start': the first window, as in '2025-01-01'");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(settings.containsKey("time_zone") ? String.valueOf(settings.get("time_zone")) : "UTC");
        }
        catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException(CONFIG + " 'time_zone' is no time zone: " + settings.get("time_zone") + " (use a name such as 'Europe/Berlin')");
        }
        int lag;
        try {
            lag = Integer.parseInt(settings.containsKey("lag") ? String.valueOf(settings.get("lag")) : "0");
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException(CONFIG + " 'lag' must be a number of windows, as in 1");
        }
        LocalDateTime first = granularity.aligned(String.valueOf(start), "start");
        Optional<LocalDateTime> end = Optional.ofNullable(settings.get("end")).map(value -> granularity.aligned(String.valueOf(value), "end"));
        if (end.isPresent() && !end.get().isAfter(first)) {
            throw new IllegalArgumentException(CONFIG + " 'end' (" + settings.get("end") + ") must come after 'start' (" + start + ")");
        }
        return Optional.of(new TimeWindows(granularity, first, end, zone, column.toString(), Math.max(lag, 0)));
    }

    enum Granularity {
        HOUR, DAY, WEEK, MONTH;

        private static final DateTimeFormatter HOUR_KEY = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

        static Granularity parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "hour", "hourly" -> HOUR;
                case "day", "daily" -> DAY;
                case "week", "weekly" -> WEEK;
                case "month", "monthly" -> MONTH;
                default -> throw new IllegalArgumentException(CONFIG + " 'granularity' must be hour, day, week or month, not " + text);
            };
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        LocalDateTime next(LocalDateTime start) {
            return plus(start, 1);
        }

        /**
         * The start of the window {@code windows} windows after the one at {@code start} (before it, when negative), by
         * the calendar of the wall clock, as windows are made: March less one month is February, whatever its length.
         */
        LocalDateTime plus(LocalDateTime start, long windows) {
            return switch (this) {
                case HOUR -> start.plusHours(windows);
                case DAY -> start.plusDays(windows);
                case WEEK -> start.plusWeeks(windows);
                case MONTH -> start.plusMonths(windows);
            };
        }

        /** The window that holds a moment. */
        LocalDateTime floor(LocalDateTime moment) {
            return switch (this) {
                case HOUR -> moment.truncatedTo(ChronoUnit.HOURS);
                case DAY -> moment.truncatedTo(ChronoUnit.DAYS);
                case WEEK -> moment.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case MONTH -> moment.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            };
        }

        String key(LocalDateTime start) {
            return this == HOUR ? HOUR_KEY.format(start) : start.toLocalDate().toString();
        }

        /** A moment as SQL text: a date for windows of days, a timestamp for hours. */
        String text(LocalDateTime moment) {
            return this == HOUR ? moment.toLocalDate() + " " + moment.toLocalTime().withNano(0) + (moment.getSecond() == 0 ? ":00" : "")
                    : moment.toLocalDate().toString();
        }

        String literal(LocalDateTime moment) {
            return this == HOUR ? "TIMESTAMP '" + text(moment) + "'" : "DATE '" + text(moment) + "'";
        }

        /** A key or bound as written ({@code 2025-03-01}, {@code 2025-03-01T05:00}, {@code 2025-03-01 05:00:00}), which must start a window. */
        LocalDateTime aligned(String text, String what) {
            LocalDateTime moment = parseMoment(text.trim(), what);
            if (!floor(moment).equals(moment)) {
                throw new IllegalArgumentException(what + " '" + text + "' is not the start of a " + label() + " window: "
                        + switch (this) {
                            case HOUR -> "hours start on the hour, as in " + key(floor(moment));
                            case DAY -> "days start at midnight, as in " + key(floor(moment));
                            case WEEK -> "weeks start on Monday, as in " + key(floor(moment));
                            case MONTH -> "months start on the 1st, as in " + key(floor(moment));
                        });
            }
            return moment;
        }

        private LocalDateTime parseMoment(String text, String what) {
            try {
                if (text.length() == 10) {
                    return LocalDate.parse(text).atStartOfDay();
                }
                if (text.length() == 7 && this == MONTH) {
                    return LocalDate.parse(text + "-01").atStartOfDay();
                }
                return LocalDateTime.parse(text.replace(' ', 'T'));
            }
            catch (DateTimeParseException e) {
                throw new IllegalArgumentException(what + " '" + text + "' is no " + label() + ": write "
                        + (this == HOUR ? "2025-03-01T05:00" : this == MONTH ? "2025-03-01 (or 2025-03)" : "2025-03-01"));
            }
        }
    }

    /**
     * Windows of time.
     *
     * @param end the end of the last window there may be (exclusive), if declared
     * @param lag how many of the latest ended windows are held back (data that arrives late)
     */
    record TimeWindows(Granularity granularity, LocalDateTime start, Optional<LocalDateTime> end, ZoneId zone, String column, int lag)
            implements PartitionsDefinition {
        public TimeWindows {
            requireNonNull(granularity, "granularity");
            requireNonNull(start, "start");
            requireNonNull(end, "end");
            requireNonNull(zone, "zone");
            requireNonNull(column, "column");
        }

        @Override
        public List<Partition> partitions(Instant now) {
            LocalDateTime limit = granularity.floor(LocalDateTime.ofInstant(now, zone));
            limit = granularity.plus(limit, -lag);
            if (end.isPresent() && end.get().isBefore(limit)) {
                limit = end.get();
            }
            List<Partition> partitions = new ArrayList<>();
            for (LocalDateTime window = start; !granularity.next(window).isAfter(limit); window = granularity.next(window)) {
                partitions.add(Partition.window(granularity.key(window), window, granularity.next(window)));
            }
            return partitions;
        }

        @Override
        public Partition partition(String key) {
            LocalDateTime window = granularity.aligned(key, "partition");
            if (window.isBefore(start)) {
                throw new IllegalArgumentException("partition '" + key + "' comes before the first window, " + granularity.key(start));
            }
            if (end.isPresent() && !window.isBefore(end.get())) {
                throw new IllegalArgumentException("partition '" + key + "' comes after the last window, which ends at " + granularity.key(end.get()));
            }
            return Partition.window(granularity.key(window), window, granularity.next(window));
        }

        @Override
        public Partition first() {
            return Partition.window(granularity.key(start), start, granularity.next(start));
        }

        @Override
        public List<Partition> range(Partition first, Partition last) {
            LocalDateTime from = first.start().orElseThrow();
            LocalDateTime to = last.start().orElseThrow();
            if (from.isAfter(to)) {
                throw new IllegalArgumentException("--from " + first + " comes after --to " + last);
            }
            List<Partition> partitions = new ArrayList<>();
            for (LocalDateTime window = from; !window.isAfter(to); window = granularity.next(window)) {
                partitions.add(Partition.window(granularity.key(window), window, granularity.next(window)));
            }
            return partitions;
        }

        @Override
        public boolean contiguous() {
            return true;
        }

        @Override
        public String condition(Partition first, Partition last) {
            String quoted = Relation.quote(column);
            return quoted + " >= " + granularity.literal(first.start().orElseThrow()) + " AND " + quoted + " < " + granularity.literal(last.end().orElseThrow());
        }

        @Override
        public Map<String, String> rendering(Partition first, Partition last) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("start", granularity.text(first.start().orElseThrow()));
            values.put("end", granularity.text(last.end().orElseThrow()));
            values.put("key", first.equals(last) ? first.key() : first.key() + ".." + last.key());
            return values;
        }

        /** Keyed as a range is, {@code 2025-02-28..2025-03-01}, or as the one window it is. */
        @Override
        public Partition shifted(Partition partition, int startOffset, int endOffset) {
            LocalDateTime from = granularity.plus(partition.start().orElseThrow(), startOffset);
            LocalDateTime to = granularity.plus(partition.end().orElseThrow(), endOffset);
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("start_offset " + startOffset + " and end_offset " + endOffset + " leave no window to read");
            }
            LocalDateTime last = granularity.plus(to, -1);
            String key = last.equals(from) ? granularity.key(from) : granularity.key(from) + ".." + granularity.key(last);
            return Partition.window(key, from, to);
        }

        /** {@code day from 2025-01-01 (UTC)}, as status lines show it. */
        @Override
        public String toString() {
            return granularity.label() + " from " + granularity.key(start) + end.map(bound -> " to " + granularity.key(bound)).orElse("")
                    + " (" + zone + (lag > 0 ? ", lag " + lag : "") + ") on " + column;
        }
    }

    /** A fixed list of values, each a partition of its own. */
    record StaticValues(List<String> values, String column) implements PartitionsDefinition {
        public StaticValues {
            values = List.copyOf(values);
            requireNonNull(column, "column");
        }

        @Override
        public List<Partition> partitions(Instant now) {
            return values.stream().map(Partition::value).toList();
        }

        @Override
        public Partition partition(String key) {
            if (!values.contains(key)) {
                throw new IllegalArgumentException("partition '" + key + "' is none of " + String.join(", ", values)
                        + io.strata.template.Suggestions.didYouMean(key, values).replaceFirst("^;", ";"));
            }
            return Partition.value(key);
        }

        @Override
        public Partition first() {
            return Partition.value(values.getFirst());
        }

        @Override
        public List<Partition> range(Partition first, Partition last) {
            int from = values.indexOf(first.key());
            int to = values.indexOf(last.key());
            if (from > to) {
                throw new IllegalArgumentException("--from " + first + " comes after --to " + last + " in the declared values");
            }
            return values.subList(from, to + 1).stream().map(Partition::value).toList();
        }

        @Override
        public boolean contiguous() {
            return false;
        }

        @Override
        public String condition(Partition first, Partition last) {
            return Relation.quote(column) + " = '" + first.key().replace("'", "''") + "'";
        }

        @Override
        public Map<String, String> rendering(Partition first, Partition last) {
            return Map.of("start", first.key(), "end", first.key(), "key", first.key());
        }

        @Override
        public Partition shifted(Partition partition, int startOffset, int endOffset) {
            if (startOffset != 0 || endOffset != 0) {
                throw new IllegalArgumentException("offsets apply to time windows, not to static values (" + String.join(", ", values) + ")");
            }
            return partition;
        }

        @Override
        public String toString() {
            return "values " + String.join(", ", values) + " on " + column;
        }
    }
}
