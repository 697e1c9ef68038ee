package io.strata.ingestion;

import io.strata.partition.Partition;
import io.strata.partition.PartitionsDefinition;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The partitions of a partitioned ingest asset, taken from its files' names: the source path names the parts of the
 * window with placeholders, {@code sales-{yyyy}-{MM}.csv} (a month), {@code {yyyy}/{MM}/{dd}/*.jsonl} (a day, in
 * folders), {@code {HH}} for an hour, {@code {value}} for a static value. Each file belongs to the partition its name
 * gives; its rows must fall in that partition's window by the declared column, or they are rejects.
 */
final class FilePartitions {
    /** The placeholders, and the text each matches. */
    private static final Map<String, String> PLACEHOLDERS = Map.of(
            "yyyy", "[0-9][0-9][0-9][0-9]", "MM", "[0-9][0-9]", "dd", "[0-9][0-9]", "HH", "[0-9][0-9]", "value", "*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(yyyy|MM|dd|HH|value)}");

    private final PartitionsDefinition definition;
    private final String path;
    private final Pattern names;
    private final List<String> order;

    private FilePartitions(PartitionsDefinition definition, String path, Pattern names, List<String> order) {
        this.definition = requireNonNull(definition, "definition");
        this.path = path;
        this.names = names;
        this.order = order;
    }

    /**
     * The partitioning of files by the placeholders of a source path; refused when the path lacks the placeholders
     * the definition's windows need (a month needs {@code {yyyy}} and {@code {MM}}), names one twice, or has none.
     */
    static FilePartitions of(PartitionsDefinition definition, String path) {
        Matcher placeholder = PLACEHOLDER.matcher(path);
        StringBuilder regex = new StringBuilder();
        List<String> order = new ArrayList<>();
        int last = 0;
        while (placeholder.find()) {
            regex.append(globRegex(path.substring(last, placeholder.start())));
            String name = placeholder.group(1);
            if (order.contains(name)) {
                throw new IllegalArgumentException("source path '" + path + "' names {" + name + "} twice");
            }
            order.add(name);
            regex.append(name.equals("value") ? "([^/]+)" : "([0-9]{" + (name.equals("yyyy") ? 4 : 2) + "})");
            last = placeholder.end();
        }
        regex.append(globRegex(path.substring(last)));
        Set<String> needed = needed(definition);
        if (!order.containsAll(needed) || !needed.containsAll(order)) {
            throw new IllegalArgumentException("source path '" + path + "' must place each file in a partition ("
                    + definition + ") with the placeholders " + String.join(", ", needed.stream().map(name -> "{" + name + "}").toList())
                    + " in its name, as in " + example(needed) + (order.isEmpty() ? "" : "; it has " + String.join(", ",
                    order.stream().map(name -> "{" + name + "}").toList())));
        }
        return new FilePartitions(definition, path, Pattern.compile(regex.toString()), List.copyOf(order));
    }

    private static Set<String> needed(PartitionsDefinition definition) {
        Set<String> needed = new LinkedHashSet<>();
        if (!(definition instanceof PartitionsDefinition.TimeWindows windows)) {
            needed.add("value");
            return needed;
        }
        needed.add("yyyy");
        needed.add("MM");
        switch (windows.granularity()) {
            case HOUR -> {
                needed.add("dd");
                needed.add("HH");
            }
            case DAY, WEEK -> needed.add("dd");
            case MONTH -> {
            }
        }
        return needed;
    }

    private static String example(Set<String> needed) {
        if (needed.contains("value")) {
            return "'data/sales-{value}.csv'";
        }
        return "'data/sales-" + String.join("-", needed.stream().map(name -> "{" + name + "}").toList()) + ".csv'";
    }

    /** A source path as a glob: each partition placeholder matches digits (a value: any name); a path without them as it is. */
    static String glob(String path) {
        Matcher placeholder = PLACEHOLDER.matcher(path);
        StringBuilder glob = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(glob, Matcher.quoteReplacement(PLACEHOLDERS.get(placeholder.group(1))));
        }
        placeholder.appendTail(glob);
        return glob.toString();
    }

    /** The column whose value must fall in a file's window. */
    String column() {
        return definition.column();
    }

    /** The partition a file's name places it in; refused, naming the file, when the name gives no partition of the definition. */
    Partition of(SourceFile file) {
        Matcher matcher = names.matcher(file.name());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(file.name() + ": the name does not match the source path '" + path + "'");
        }
        String key;
        if (order.contains("value")) {
            key = matcher.group(order.indexOf("value") + 1);
        }
        else {
            int year = number(matcher, "yyyy");
            int month = number(matcher, "MM");
            int day = order.contains("dd") ? number(matcher, "dd") : 1;
            try {
                LocalDate date = LocalDate.of(year, month, day);
                key = order.contains("HH") ? LocalDateTime.of(date, java.time.LocalTime.of(number(matcher, "HH"), 0)).toString() : date.toString();
            }
            catch (java.time.DateTimeException e) {
                throw new IllegalArgumentException(file.name() + ": the name gives no valid time (" + e.getMessage() + ")");
            }
        }
        try {
            return definition.partition(key);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file.name() + ": the name places the file in " + e.getMessage());
        }
    }

    private int number(Matcher matcher, String placeholder) {
        return Integer.parseInt(matcher.group(order.indexOf(placeholder) + 1));
    }

    /**
     * Why a row's value does not belong in a partition's window (empty when it does): the value of the partition column,
     * a date or a time (a time with a zone is read in the definition's zone). A static value is compared as text.
     */
    Optional<String> misplaced(Object value, Partition partition) {
        if (value == null) {
            return Optional.of(column() + " is empty, so the row belongs to no partition (the file's is " + partition.key() + ")");
        }
        if (partition.start().isEmpty()) {
            return value.toString().equals(partition.key()) ? Optional.empty()
                    : Optional.of(column() + " '" + value + "' is not the file's partition, " + partition.key());
        }
        LocalDateTime moment = switch (value) {
            case LocalDate date -> date.atStartOfDay();
            case LocalDateTime time -> time;
            case OffsetDateTime time -> time.atZoneSameInstant(zone()).toLocalDateTime();
            default -> null;
        };
        if (moment == null) {
            return Optional.of(column() + " '" + value + "' is not a date or time, so it places the row in no window");
        }
        if (moment.isBefore(partition.start().get()) || !moment.isBefore(partition.end().orElseThrow())) {
            return Optional.of(column() + " " + value + " is outside the file's partition " + partition.key() + " (from "
                    + partition.start().get() + " to " + partition.end().get() + ", which the file's name gives)");
        }
        return Optional.empty();
    }

    private ZoneId zone() {
        return definition instanceof PartitionsDefinition.TimeWindows windows ? windows.zone() : java.time.ZoneOffset.UTC;
    }

    /** A part of a glob between placeholders, as a regular expression matching what the glob matches. */
    private static String globRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                boolean twice = i + 1 < glob.length() && glob.charAt(i + 1) == '*';
                regex.append(twice ? ".*" : "[^/]*");
                i += twice ? 1 : 0;
            }
            else if (c == '?') {
                regex.append("[^/]");
            }
            else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
