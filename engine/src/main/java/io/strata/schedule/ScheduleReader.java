package io.strata.schedule;

import io.strata.api.AssetKey;
import io.strata.graph.AssetGraph;
import io.strata.graph.AssetKind;
import io.strata.project.Diagnostic;
import io.strata.project.Location;
import io.strata.project.ProjectException;
import io.strata.project.ProjectFile;
import io.strata.project.StrataException;
import io.strata.project.YamlNode;
import io.strata.project.YamlReader;
import io.strata.select.Selector;
import org.quartz.CronExpression;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code schedules:} and {@code sensors:} of the project file, and checks them against the project's graph.
 * Every problem is reported at once, each with the schedule's name and its line in the file.
 * <pre>{@code
 * schedules:
 *   - {name: gold_every_10m, cron: "0 0/10 * * * ?", timezone: UTC, select: "+layer:gold", overlap: skip}
 * sensors:
 *   - {name: new_sales_files, watch: ecoride_sales, every: 60s, select: "ecoride_sales+"}
 * }</pre>
 */
public final class ScheduleReader {
    private static final Set<String> SCHEDULE_KEYS = Set.of("name", "cron", "timezone", "select", "exclude", "vars", "profile", "full_refresh",
            "partition",
            "enabled", "overlap", "misfire", "description");
    private static final Set<String> SENSOR_KEYS = Set.of("name", "watch", "every", "select", "freshness", "enabled", "description");
    private static final Pattern INTERVAL = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private ScheduleReader() {
    }

    /** The schedules and sensors the project file declares; a malformed one is an error naming its line. */
    public static Schedules read(ProjectFile file) {
        Review parsed = parse(file);
        if (!parsed.errors().isEmpty()) {
            throw new ProjectException(parsed.errors());
        }
        return parsed.valid();
    }

    /**
     * The schedules and sensors that are well formed and fit the graph, and what is wrong with the others, which are
     * left out ({@code strata serve --ignore-invalid-schedules}).
     */
    public static Review review(ProjectFile file, java.util.function.Supplier<AssetGraph> compiled) {
        Review parsed = parse(file);
        if (parsed.valid().isEmpty()) {
            // Nothing to check against the graph: a project without schedules is not compiled for them.
            return parsed;
        }
        AssetGraph graph = compiled.get();
        List<Diagnostic> errors = new ArrayList<>(parsed.errors());
        List<Schedule> schedules = new ArrayList<>();
        for (Schedule schedule : parsed.valid().schedules()) {
            List<Diagnostic> found = check(new Schedules(List.of(schedule), List.of()), graph);
            errors.addAll(found);
            if (found.isEmpty()) {
                schedules.add(schedule);
            }
        }
        List<Sensor> sensors = new ArrayList<>();
        for (Sensor sensor : parsed.valid().sensors()) {
            List<Diagnostic> found = check(new Schedules(List.of(), List.of(sensor)), graph);
            errors.addAll(found);
            if (found.isEmpty()) {
                sensors.add(sensor);
            }
        }
        return new Review(new Schedules(schedules, sensors), errors);
    }

    /** The declarations that are right, and the errors of the others (each left out). */
    public record Review(Schedules valid, List<Diagnostic> errors) {
        public Review {
            java.util.Objects.requireNonNull(valid, "valid");
            errors = List.copyOf(errors);
        }
    }

    private static Review parse(ProjectFile file) {
        Optional<YamlNode> root = YamlReader.read(file.fileName(), file.text());
        if (root.isEmpty() || !(root.get() instanceof YamlNode.Mapping mapping)) {
            return new Review(Schedules.NONE, List.of());
        }
        List<Diagnostic> errors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<Schedule> schedules = new ArrayList<>();
        for (YamlNode.Mapping entry : entries(mapping, "schedules", errors)) {
            int before = errors.size();
            Optional<Schedule> schedule = named(entry, "schedule", names, errors).flatMap(name -> schedule(name, entry, errors));
            // An entry with any error is left out whole: a fallback value must not make it fire.
            schedule.filter(parsed -> errors.size() == before).ifPresent(schedules::add);
        }
        List<Sensor> sensors = new ArrayList<>();
        for (YamlNode.Mapping entry : entries(mapping, "sensors", errors)) {
            int before = errors.size();
            Optional<Sensor> sensor = named(entry, "sensor", names, errors).flatMap(name -> sensor(name, entry, errors));
            sensor.filter(parsed -> errors.size() == before).ifPresent(sensors::add);
        }
        return new Review(new Schedules(schedules, sensors), errors);
    }

    /**
     * What is wrong with the schedules against the compiled graph: a selection that cannot be parsed or picks no asset, a
     * sensor that watches something other than an ingest asset.
     */
    public static List<Diagnostic> check(Schedules declared, AssetGraph graph) {
        List<Diagnostic> errors = new ArrayList<>();
        for (Schedule schedule : declared.schedules()) {
            checkSelection("schedule", schedule.name(), schedule.select(), schedule.exclude(), schedule.location(), graph, errors);
            if (schedule.partition().isPresent()) {
                checkPartition(schedule, graph, errors);
            }
        }
        for (Sensor sensor : declared.sensors()) {
            checkSelection("sensor", sensor.name(), sensor.select(), "", sensor.location(), graph, errors);
            Optional<io.strata.graph.Asset> watched = graph.asset(sensor.watch());
            if (watched.isEmpty()) {
                errors.add(Diagnostic.error(sensor.location(), "sensor '" + sensor.name() + "' watches '" + sensor.watch()
                        + "', which is not an asset of the project; name an ingest asset (strata ls lists them)"));
            }
            else if (watched.get().kind() != AssetKind.INGEST) {
                errors.add(Diagnostic.error(sensor.location(), "sensor '" + sensor.name() + "' watches '" + sensor.watch() + "', a "
                        + watched.get().kind().name().toLowerCase(Locale.ROOT) + "; a sensor watches the source of an ingest asset"));
            }
        }
        return errors;
    }

    /** A schedule's {@code partition:} must be a partition of every partitioned asset it selects, and it must select one. */
    private static void checkPartition(Schedule schedule, AssetGraph graph, List<Diagnostic> errors) {
        List<io.strata.graph.Asset> partitioned;
        try {
            partitioned = Selector.parse(schedule.select(), schedule.exclude()).select(graph).stream().map(graph::require)
                    .filter(io.strata.partition.PartitionsDefinition::declared).toList();
        }
        catch (StrataException e) {
            return;
        }
        if (partitioned.isEmpty()) {
            errors.add(Diagnostic.error(schedule.location(), "schedule '" + schedule.name() + "' builds partition '" + schedule.partition().get()
                    + "', but it selects no partitioned asset"));
        }
        for (io.strata.graph.Asset asset : partitioned) {
            try {
                io.strata.partition.PartitionsDefinition.of(asset).ifPresent(definition -> new io.strata.partition.PartitionSelection(
                        schedule.partition(), Optional.empty(), Optional.empty(), false, false).partitions(definition, java.time.Instant.now()));
            }
            catch (IllegalArgumentException e) {
                errors.add(Diagnostic.error(schedule.location(), "schedule '" + schedule.name() + "': " + asset.key() + ": " + e.getMessage()
                        + " (partition: latest builds each asset's latest ended window)"));
            }
        }
    }

    private static void checkSelection(String what, String name, String select, String exclude, Location location, AssetGraph graph,
                                       List<Diagnostic> errors) {
        try {
            if (Selector.parse(select, exclude).select(graph).isEmpty()) {
                errors.add(Diagnostic.error(location, what + " '" + name + "' selects no asset of the project (select '" + select + "')"));
            }
        }
        catch (StrataException e) {
            errors.add(Diagnostic.error(location, what + " '" + name + "': " + e.getMessage()));
        }
    }

    private static List<YamlNode.Mapping> entries(YamlNode.Mapping mapping, String key, List<Diagnostic> errors) {
        try {
            return mapping.mappings(key);
        }
        catch (ProjectException e) {
            errors.addAll(e.diagnostics());
            return List.of();
        }
    }

    private static Optional<String> named(YamlNode.Mapping entry, String what, Set<String> names, List<Diagnostic> errors) {
        Optional<String> name = text(entry, "name", errors);
        if (name.isEmpty() || name.get().isBlank()) {
            errors.add(Diagnostic.error(entry.location(), "a " + what + " needs 'name:'"));
            return Optional.empty();
        }
        if (!names.add(name.get())) {
            errors.add(Diagnostic.error(entry.locationOf("name"), "a schedule or sensor named '" + name.get() + "' is declared twice; names must be unique"));
            return Optional.empty();
        }
        return name;
    }

    private static Optional<Schedule> schedule(String name, YamlNode.Mapping entry, List<Diagnostic> errors) {
        int before = errors.size();
        unknownKeys(entry, SCHEDULE_KEYS, "schedule '" + name + "'", errors);
        Optional<String> cron = text(entry, "cron", errors);
        if (cron.isEmpty()) {
            errors.add(Diagnostic.error(entry.location(), "schedule '" + name + "' needs 'cron:' (a Quartz cron expression such as \"0 0 2 * * ?\")"));
        }
        else {
            try {
                CronExpression.validateExpression(cron.get());
            }
            catch (java.text.ParseException e) {
                errors.add(Diagnostic.error(entry.locationOf("cron"), "schedule '" + name + "': '" + cron.get() + "' is not a Quartz cron expression ("
                        + e.getMessage() + "); it has six or seven fields: seconds minutes hours day-of-month month day-of-week [year], e.g. \"0 */10 * * * ?\""));
            }
        }
        ZoneId zone = ZoneId.of("UTC");
        Optional<String> timezone = text(entry, "timezone", errors);
        if (timezone.isPresent()) {
            try {
                zone = ZoneId.of(timezone.get());
            }
            catch (DateTimeException e) {
                errors.add(Diagnostic.error(entry.locationOf("timezone"), "schedule '" + name + "': unknown time zone '" + timezone.get()
                        + "'; use a region name such as Europe/Berlin, or UTC"));
            }
        }
        Schedule.Overlap overlap = choice(entry, "overlap", Schedule.Overlap.class, Schedule.Overlap.SKIP, name, errors);
        Schedule.Misfire misfire = choice(entry, "misfire", Schedule.Misfire.class, Schedule.Misfire.RUN_ONCE, name, errors);
        boolean fullRefresh = flag(entry, "full_refresh", false, name, errors);
        boolean enabled = flag(entry, "enabled", true, name, errors);
        Map<String, Object> vars = Map.of();
        try {
            vars = entry.mapping("vars").toPlain();
        }
        catch (ProjectException e) {
            errors.addAll(e.diagnostics());
        }
        String select = text(entry, "select", errors).orElse("");
        String exclude = text(entry, "exclude", errors).orElse("");
        Optional<String> profile = text(entry, "profile", errors);
        // The partitions each run builds: one key, or `latest` (each partitioned asset's latest ended window).
        Optional<String> partition = text(entry, "partition", errors);
        if (errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Schedule(name, cron.orElseThrow(), zone, select, exclude, vars, profile, fullRefresh, enabled, overlap, misfire,
                entry.location(), partition));
    }

    private static Optional<Sensor> sensor(String name, YamlNode.Mapping entry, List<Diagnostic> errors) {
        int before = errors.size();
        unknownKeys(entry, SENSOR_KEYS, "sensor '" + name + "'", errors);
        Optional<String> watch = text(entry, "watch", errors);
        if (watch.isEmpty()) {
            errors.add(Diagnostic.error(entry.location(), "sensor '" + name + "' needs 'watch:' (the ingest asset whose source it watches)"));
        }
        Optional<Duration> every = interval(entry, "every", name, errors);
        if (every.isEmpty() && entry.get("every").isEmpty()) {
            errors.add(Diagnostic.error(entry.location(), "sensor '" + name + "' needs 'every:' (how often it looks, such as 60s or 5m)"));
        }
        Optional<Duration> freshness = interval(entry, "freshness", name, errors);
        boolean enabled = flag(entry, "enabled", true, name, errors);
        if (errors.size() > before) {
            return Optional.empty();
        }
        // "ingest:ecoride_sales" names the asset with its kind, as the examples do; the key is what follows.
        String key = watch.orElseThrow().startsWith("ingest:") ? watch.orElseThrow().substring("ingest:".length()) : watch.orElseThrow();
        // By default the sensor runs the watched asset and everything downstream of it.
        String select = text(entry, "select", errors).orElse(key + "+");
        return Optional.of(new Sensor(name, AssetKey.parse(key), every.orElseThrow(), select, freshness, enabled, entry.location()));
    }

    private static void unknownKeys(YamlNode.Mapping entry, Set<String> known, String what, List<Diagnostic> errors) {
        for (String key : entry.entries().keySet()) {
            if (!known.contains(key)) {
                errors.add(Diagnostic.error(entry.locationOf(key), what + " has an unknown key '" + key + "'; known: "
                        + known.stream().sorted().toList()));
            }
        }
    }

    private static Optional<String> text(YamlNode.Mapping entry, String key, List<Diagnostic> errors) {
        try {
            return entry.string(key);
        }
        catch (ProjectException e) {
            errors.addAll(e.diagnostics());
            return Optional.empty();
        }
    }

    private static boolean flag(YamlNode.Mapping entry, String key, boolean fallback, String name, List<Diagnostic> errors) {
        Optional<YamlNode> node = entry.get(key);
        if (node.isEmpty() || node.get() instanceof YamlNode.Scalar scalar && scalar.isNull()) {
            return fallback;
        }
        if (node.get() instanceof YamlNode.Scalar scalar && scalar.value() instanceof Boolean value) {
            return value;
        }
        errors.add(Diagnostic.error(node.get().location(), "'" + name + "': '" + key + "' must be true or false"));
        return fallback;
    }

    private static <E extends Enum<E>> E choice(YamlNode.Mapping entry, String key, Class<E> type, E fallback, String name, List<Diagnostic> errors) {
        Optional<String> text = text(entry, key, errors);
        if (text.isEmpty()) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text.get())) {
                return constant;
            }
        }
        errors.add(Diagnostic.error(entry.locationOf(key), "schedule '" + name + "': '" + key + ": " + text.get() + "' must be one of "
                + Arrays.stream(type.getEnumConstants()).map(constant -> constant.name().toLowerCase(Locale.ROOT)).toList()));
        return fallback;
    }

    private static Optional<Duration> interval(YamlNode.Mapping entry, String key, String name, List<Diagnostic> errors) {
        Optional<String> text = text(entry, key, errors);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher matcher = INTERVAL.matcher(text.get().trim());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            errors.add(Diagnostic.error(entry.locationOf(key), "sensor '" + name + "': '" + key + ": " + text.get()
                    + "' must be a positive interval such as 30s, 5m, 2h or 1d"));
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        return Optional.of(switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        });
    }
}
