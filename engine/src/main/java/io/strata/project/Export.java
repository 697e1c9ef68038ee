package io.strata.project;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A model's table published to a database after each run that merges it, declared under the model's {@code exports:}:
 *
 * <pre>{@code
 * exports:
 *   - jdbc: {url: "jdbc:postgresql://localhost:5432/dash", user: "${DASH_USER}", password: "${DASH_PASSWORD}"}
 *     table: public.vehicle_minute_metrics
 *     mode: upsert              # replace (default) | upsert
 *     key: [vehicle_id, minute] # required for upsert
 * }</pre>
 *
 * The JDBC settings are kept as written; {@code ${VARIABLE}} references are read from the environment only when a run
 * exports ({@link #connection(Function)}), so a secret never stands in the file, the compile cache or a log.
 */
public record Export(String url, String user, String password, String table, Mode mode, List<String> key, Location location) {
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    public enum Mode {
        /** The target's rows are replaced by the table's, in one transaction. */
        REPLACE,
        /** The table's rows are inserted, or update the target's row with the same key. */
        UPSERT
    }

    public Export {
        requireNonNull(url, "url");
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        requireNonNull(table, "table");
        requireNonNull(mode, "mode");
        key = List.copyOf(key);
        requireNonNull(location, "location");
    }

    /** The JDBC settings with their environment variables read; the password is never part of a message. */
    public record Connection(String url, String user, String password) {
        /** Where the export goes, as a message may say it; see {@link Export#target()}. */
        public String target() {
            return described(url);
        }

        @Override
        public String toString() {
            return "Connection[" + url + ", " + user + "]";
        }
    }

    /** Where the export goes, as written and as a message may say it: the URL without {@code jdbc:}, credentials and parameters. */
    public String target() {
        return described(url);
    }

    private static String described(String url) {
        String shown = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        int parameters = shown.indexOf('?');
        shown = parameters < 0 ? shown : shown.substring(0, parameters);
        return shown.replaceFirst("//[^/@]*@", "//");
    }

    /**
     * The settings with each {@code ${VARIABLE}} read through {@code environment}; a variable that is not set is an error
     * at the export's line naming it (never its value).
     */
    public Connection connection(Function<String, String> environment) {
        return new Connection(resolve(url, "url", environment), resolve(user, "user", environment), resolve(password, "password", environment));
    }

    private String resolve(String text, String setting, Function<String, String> environment) {
        return EnvironmentReferences.resolve(text, environment, name -> new ProjectException(Diagnostic.error(location, "the export of "
                + table + " reads its " + setting + " from ${" + name + "}, which is not set: set the environment variable " + name)));
    }

    /** The exports under a model's {@code exports:}, validated; an error names the line of the entry or setting at fault. */
    static List<Export> parseAll(YamlNode.Mapping model) {
        List<Export> exports = new ArrayList<>();
        for (YamlNode.Mapping entry : model.mappings("exports")) {
            exports.add(parse(entry));
        }
        return exports;
    }

    private static Export parse(YamlNode.Mapping entry) {
        List<Diagnostic> errors = new ArrayList<>();
        for (String key : entry.entries().keySet()) {
            if (!List.of("jdbc", "table", "mode", "key").contains(key)) {
                errors.add(Diagnostic.error(entry.locationOf(key), "unknown key '" + key + "' in an export; expected jdbc, table, mode, key"));
            }
        }
        if (entry.get("jdbc").isEmpty()) {
            throw new ProjectException(Diagnostic.error(entry.location(),
                    "an export needs 'jdbc: {url: \"jdbc:postgresql://host:5432/database\", user: ..., password: \"${VARIABLE}\"}'"));
        }
        YamlNode.Mapping jdbc = entry.mapping("jdbc");
        String url = jdbc.requireString("url", "an export's jdbc");
        if (!url.startsWith("jdbc:") && !url.startsWith("${")) {
            errors.add(Diagnostic.error(jdbc.locationOf("url"), "an export's url must be a JDBC URL (jdbc:postgresql://host:5432/database), not '"
                    + url + "'"));
        }
        String password = jdbc.string("password").orElse("");
        if (!password.isEmpty() && !EnvironmentReferences.present(password)) {
            errors.add(Diagnostic.error(jdbc.locationOf("password"),
                    "an export's password must not stand in the file: write password: \"${VARIABLE}\" and set that environment variable"));
        }
        String table = entry.requireString("table", "an export");
        if (!TABLE.matcher(table).matches()) {
            errors.add(Diagnostic.error(entry.locationOf("table"), "an export's table must be 'schema.table' or 'table', not '" + table + "'"));
        }
        Mode mode = Mode.REPLACE;
        Optional<String> modeText = entry.string("mode");
        if (modeText.isPresent()) {
            try {
                mode = Mode.valueOf(modeText.get().strip().toUpperCase(Locale.ROOT));
            }
            catch (IllegalArgumentException e) {
                errors.add(Diagnostic.error(entry.locationOf("mode"), "an export's mode must be replace or upsert, not '" + modeText.get() + "'"));
            }
        }
        List<String> key = new ArrayList<>();
        if (entry.get("key").orElse(null) instanceof YamlNode.Scalar scalar && !scalar.isNull()) {
            key.add(scalar.text());
        }
        else {
            entry.sequence("key").forEach(column -> key.add(column.toPlain() == null ? "" : column.toPlain().toString()));
        }
        if (mode == Mode.UPSERT && key.isEmpty()) {
            errors.add(Diagnostic.error(entry.locationOf("mode"), "an upsert export needs 'key: [column, ...]', the columns that identify a row"));
        }
        if (mode == Mode.REPLACE && !key.isEmpty()) {
            errors.add(Diagnostic.error(entry.locationOf("key"), "'key' is only read by mode: upsert; remove it or set mode: upsert"));
        }
        if (!errors.isEmpty()) {
            throw new ProjectException(errors);
        }
        return new Export(url, jdbc.string("user").orElse(""), password, table, mode, key, entry.location());
    }
}
