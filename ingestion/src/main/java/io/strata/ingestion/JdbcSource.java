package io.strata.ingestion;

import io.strata.project.Location;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A database table or query an ingest asset reads over JDBC ({@code source: {jdbc: {…}, cursor: …}}). The URL, user and
 * password may hold {@code ${NAME}} references to environment variables, resolved only when the asset is built, so
 * secrets never sit in the project's files or in the compiled project.
 *
 * @param table a table name, possibly qualified ({@code public.supply_orders}); empty when {@link #query} is given
 * @param query a SELECT statement; empty when {@link #table} is given
 * @param cursor the column whose greatest value read is kept as the high-water mark: the next run reads only rows above it
 */
public record JdbcSource(String url, Optional<String> user, Optional<String> password, Optional<String> table, Optional<String> query,
                         int fetchSize, Optional<String> cursor, Location location) {
    public static final int DEFAULT_FETCH_SIZE = 10_000;
    private static final Pattern URL_ADDRESS = Pattern.compile("jdbc:[a-z0-9]+:(//.*)", Pattern.CASE_INSENSITIVE);

    public JdbcSource {
        requireNonNull(url, "url");
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        requireNonNull(table, "table");
        requireNonNull(query, "query");
        requireNonNull(cursor, "cursor");
        requireNonNull(location, "location");
        if (table.isPresent() == query.isPresent()) {
            throw new IllegalArgumentException("a JDBC source has a table or a query, not both or neither");
        }
    }

    /** The SELECT that reads the whole source. */
    String select() {
        return query.map(String::strip).map(sql -> sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql)
                .orElseGet(() -> "select * from " + table.orElseThrow());
    }

    /** What the rejects name as the row's origin: the table, or {@code query}. */
    String describe() {
        return table.orElse("query");
    }

    /** The same source with its {@code ${NAME}} references replaced from {@code environment}; refused naming a variable that is not set. */
    JdbcSource resolve(Function<String, String> environment) {
        return new JdbcSource(resolve(url, environment), user.map(value -> resolve(value, environment)),
                password.map(value -> resolve(value, environment)), table, query, fetchSize, cursor, location);
    }

    private static String resolve(String text, Function<String, String> environment) {
        return io.strata.project.EnvironmentReferences.resolve(text, environment,
                name -> new IllegalArgumentException("environment variable " + name + " is not set"));
    }

    /**
     * Where the database is, for messages: {@code host:port/database} of a URL such as {@code jdbc:postgresql://host:port/db?…},
     * otherwise the URL without its parameters. Never a password, even one written in the URL.
     */
    String address() {
        Matcher matcher = URL_ADDRESS.matcher(url);
        if (matcher.matches()) {
            try {
                URI uri = URI.create(matcher.group(1).replace(" ", "%20"));
                if (uri.getHost() != null) {
                    return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + (uri.getPath() == null ? "" : uri.getPath());
                }
            }
            catch (IllegalArgumentException e) {
                // not a URI after all: the URL without parameters and credentials below
            }
        }
        String plain = url.split("[?;]", 2)[0];
        // user/password@host (Oracle) or //user:password@host: what follows the last @ is the address.
        int at = plain.lastIndexOf('@');
        return at < 0 ? plain : plain.substring(at + 1).replaceFirst("^//", "");
    }

    /** The connection properties: user and password when given. */
    Map<String, String> credentials() {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        user.ifPresent(value -> properties.put("user", value));
        password.ifPresent(value -> properties.put("password", value));
        return properties;
    }
}
