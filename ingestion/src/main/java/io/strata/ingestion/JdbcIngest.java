package io.strata.ingestion;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads the rows of a database source, streamed in batches of the fetch size (never the whole result in memory), each
 * into a row of the table or a reject. With a cursor, only rows whose cursor is above the high-water mark are read
 * ({@code cursor > mark}, strictly: a row changed later keeping the same cursor value is not read again), and the
 * greatest cursor value read is the next mark.
 */
final class JdbcIngest implements AutoCloseable {
    /** Where rows and rejects go; {@code number} counts the rows of this read from 1. */
    interface Sink {
        void row(Record row, long number) throws IOException;

        void reject(long number, String raw, String reason) throws IOException;
    }

    /** The database cannot be reached or refuses the login; the message names the asset and the address, never the password. */
    static final class UnreachableDatabase extends IOException {
        UnreachableDatabase(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A query or a read the database refuses, or columns that do not match the declaration. */
    static final class UnreadableSource extends IOException {
        UnreadableSource(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What one read gave; {@code mark} is the greatest cursor value read, as text, when there is a cursor and a row had one. */
    record Result(long read, long written, long rejected, Optional<String> mark) {
    }

    private final String asset;
    private final JdbcSource source;
    private final Connection connection;

    private JdbcIngest(String asset, JdbcSource source, Connection connection) {
        this.asset = asset;
        this.source = source;
        this.connection = connection;
    }

    /** The folder of a project where JDBC driver jars of other databases than PostgreSQL go. */
    static final String DRIVERS = "drivers";

    /**
     * Connects to the source's database (its {@code ${NAME}} references already resolved), with a driver on the class path
     * or else one from a jar in {@code drivers} (the project's {@value #DRIVERS} folder).
     */
    static JdbcIngest connect(String asset, JdbcSource source, java.nio.file.Path drivers) throws UnreachableDatabase {
        Properties properties = new Properties();
        properties.putAll(source.credentials());
        try {
            java.sql.Driver driver = driver(source.url(), drivers);
            if (driver == null) {
                throw new UnreachableDatabase("ingest asset '" + asset + "' cannot connect to its database at " + source.address()
                        + ": no JDBC driver accepts its URL; put the database's driver jar in " + drivers + " (see docs/ingestion.md)", null);
            }
            Connection connection = driver.connect(source.url(), properties);
            try {
                // PostgreSQL streams a result in batches of the fetch size only inside a transaction.
                connection.setAutoCommit(false);
                connection.setReadOnly(true);
            }
            catch (SQLException e) {
                connection.close();
                throw e;
            }
            return new JdbcIngest(asset, source, connection);
        }
        catch (SQLException e) {
            throw new UnreachableDatabase("ingest asset '" + asset + "' cannot connect to its database at " + source.address()
                    + source.user().map(user -> " as user " + user).orElse("") + ": " + redact(e.getMessage(), source), null);
        }
    }

    /** The driver for a URL: one registered on the class path, else the first in the folder's jars that accepts it; null when none does. */
    private static java.sql.Driver driver(String url, java.nio.file.Path drivers) throws SQLException {
        try {
            return DriverManager.getDriver(url);
        }
        catch (SQLException notRegistered) {
            if (!java.nio.file.Files.isDirectory(drivers)) {
                return null;
            }
            List<java.net.URL> jars = new ArrayList<>();
            try (var files = java.nio.file.Files.list(drivers)) {
                for (java.nio.file.Path jar : files.filter(file -> file.toString().endsWith(".jar")).sorted().toList()) {
                    jars.add(jar.toUri().toURL());
                }
            }
            catch (IOException e) {
                throw new SQLException("cannot list the driver jars in " + drivers + ": " + e.getMessage(), e);
            }
            // The loader stays open: the driver's classes are loaded as the connection needs them.
            java.net.URLClassLoader loader = new java.net.URLClassLoader(jars.toArray(java.net.URL[]::new), JdbcIngest.class.getClassLoader());
            for (java.sql.Driver driver : java.util.ServiceLoader.load(java.sql.Driver.class, loader)) {
                if (driver.acceptsURL(url)) {
                    return driver;
                }
            }
            return null;
        }
    }

    /** The source's columns and their types, from the database's metadata of its SELECT (no row is read). */
    List<IngestDeclaration.Column> columns() throws UnreadableSource {
        try (PreparedStatement statement = connection.prepareStatement("select * from (" + source.select() + ") strata_source where 1 = 0");
             ResultSet empty = statement.executeQuery()) {
            return JdbcTypes.columns(empty.getMetaData(), source.location());
        }
        catch (SQLException e) {
            throw unreadable(e);
        }
    }

    /**
     * Reads the rows above {@code mark} (all when empty) into the sink.
     *
     * @param schema the table's columns as {@link IcebergTypes#databaseTableSchema} makes them, the last being {@code _ingested_at}
     */
    Result read(Schema schema, Optional<String> mark, JdbcValues values, ObjectMapper json, OffsetDateTime ingestedAt, Sink sink)
            throws IOException {
        List<Types.NestedField> fields = schema.columns().subList(0, schema.columns().size() - 1);
        Optional<Types.NestedField> cursor = source.cursor().map(schema::caseInsensitiveFindField);
        if (source.cursor().isPresent() && (cursor.isEmpty() || !fields.contains(cursor.get()))) {
            throw new UnreadableSource("ingest asset '" + asset + "': cursor '" + source.cursor().get() + "' is not a column of "
                    + source.describe() + " (columns: " + String.join(", ", fields.stream().map(Types.NestedField::name).toList()) + ")", null);
        }
        String sql = "select * from (" + source.select() + ") strata_source"
                + (cursor.isPresent() && mark.isPresent() ? " where " + cursor.get().name() + " > ?" : "");
        try (PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(source.fetchSize());
            if (cursor.isPresent() && mark.isPresent()) {
                statement.setObject(1, markValue(mark.get(), cursor.get().type()));
            }
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData metadata = rows.getMetaData();
                int[] positions = positions(metadata, fields);
                String[] labels = new String[metadata.getColumnCount()];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = metadata.getColumnLabel(i + 1).toLowerCase(Locale.ROOT);
                }
                int cursorField = cursor.map(fields::indexOf).orElse(-1);
                Object[] raw = new Object[labels.length];
                GenericRecord row = GenericRecord.create(schema);
                Comparable<Object> greatest = null;
                long read = 0;
                long written = 0;
                long rejected = 0;
                while (rows.next()) {
                    read++;
                    for (int i = 0; i < raw.length; i++) {
                        raw[i] = value(rows, metadata, i + 1);
                    }
                    String reason = null;
                    Object cursorValue = null;
                    for (int i = 0; i < fields.size() && reason == null; i++) {
                        try {
                            Object converted = values.convert(raw[positions[i]], fields.get(i).type(), fields.get(i).name());
                            row.set(i, converted);
                            if (i == cursorField) {
                                cursorValue = converted;
                            }
                        }
                        catch (Values.Misfit misfit) {
                            reason = misfit.getMessage();
                        }
                    }
                    if (cursorField >= 0 && cursorValue == null && reason != null) {
                        // The cursor of a rejected row, when it converts, still moves the mark: the row is kept in the rejects.
                        try {
                            cursorValue = values.convert(raw[positions[cursorField]], fields.get(cursorField).type(), fields.get(cursorField).name());
                        }
                        catch (Values.Misfit misfit) {
                            cursorValue = null;
                        }
                    }
                    if (cursorValue != null) {
                        @SuppressWarnings("unchecked")
                        Comparable<Object> comparable = (Comparable<Object>) cursorValue;
                        greatest = greatest == null || comparable.compareTo(greatest) > 0 ? comparable : greatest;
                    }
                    if (reason == null) {
                        row.set(fields.size(), ingestedAt);
                        sink.row(row, read);
                        written++;
                    }
                    else {
                        String key = cursorField >= 0 ? source.cursor().get() + " " + JdbcValues.text(raw[positions[cursorField]])
                                : labels[0] + " " + (raw[0] == null ? "null" : JdbcValues.text(raw[0]));
                        sink.reject(read, rawText(json, labels, raw), "row with " + key + ": " + reason);
                        rejected++;
                    }
                }
                return new Result(read, written, rejected, Optional.ofNullable(greatest).map(JdbcIngest::markText));
            }
        }
        catch (SQLException e) {
            throw unreadable(e);
        }
    }

    /** Where each of the table's columns is in the result (0-based); refused naming a declared column the result lacks. */
    private int[] positions(ResultSetMetaData metadata, List<Types.NestedField> fields) throws SQLException, UnreadableSource {
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
            labels.add(metadata.getColumnLabel(i).toLowerCase(Locale.ROOT));
        }
        int[] positions = new int[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            positions[i] = labels.indexOf(fields.get(i).name().toLowerCase(Locale.ROOT));
            if (positions[i] < 0) {
                throw new UnreadableSource("ingest asset '" + asset + "' declares column '" + fields.get(i).name() + "', which "
                        + source.describe() + " at " + source.address() + " does not have (it has " + String.join(", ", labels) + ")", null);
            }
        }
        return positions;
    }

    /** A value as the driver gives it, dates and times as java.time, arrays as lists. */
    private static Object value(ResultSet rows, ResultSetMetaData metadata, int column) throws SQLException {
        int type = metadata.getColumnType(column);
        String typeName = String.valueOf(metadata.getColumnTypeName(column)).toLowerCase(Locale.ROOT);
        Object value = switch (type) {
            case java.sql.Types.DATE -> rows.getObject(column, LocalDate.class);
            case java.sql.Types.TIME -> rows.getObject(column, LocalTime.class);
            case java.sql.Types.TIMESTAMP -> typeName.equals("timestamptz") ? rows.getObject(column, OffsetDateTime.class)
                    : rows.getObject(column, LocalDateTime.class);
            case java.sql.Types.TIMESTAMP_WITH_TIMEZONE -> rows.getObject(column, OffsetDateTime.class);
            case java.sql.Types.BINARY, java.sql.Types.VARBINARY, java.sql.Types.LONGVARBINARY, java.sql.Types.BLOB -> rows.getBytes(column);
            case java.sql.Types.ARRAY -> {
                java.sql.Array array = rows.getArray(column);
                yield array == null ? null : Arrays.asList((Object[]) array.getArray());
            }
            default -> rows.getObject(column);
        };
        return rows.wasNull() ? null : value;
    }

    /** The row as read, a JSON object of its columns' text, for the rejects. */
    private static String rawText(ObjectMapper json, String[] labels, Object[] raw) {
        ObjectNode object = json.createObjectNode();
        for (int i = 0; i < labels.length; i++) {
            object.put(labels[i], raw[i] == null ? null : JdbcValues.text(raw[i]));
        }
        return object.toString();
    }

    /** A mark as recorded: the cursor's value in ISO or plain decimal text. */
    static String markText(Object value) {
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }

    /** A recorded mark as the value to compare the cursor column with, of the column's type. */
    static Object markValue(String mark, Type type) {
        return switch (type.typeId()) {
            case INTEGER, LONG -> Long.parseLong(mark);
            case DECIMAL -> new BigDecimal(mark);
            case FLOAT, DOUBLE -> Double.parseDouble(mark);
            case DATE -> LocalDate.parse(mark);
            case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? OffsetDateTime.parse(mark) : LocalDateTime.parse(mark);
            case UUID -> java.util.UUID.fromString(mark);
            default -> mark;
        };
    }

    private UnreadableSource unreadable(SQLException e) {
        return new UnreadableSource("ingest asset '" + asset + "' cannot read " + source.describe() + " at " + source.address() + ": "
                + redact(e.getMessage(), source), e);
    }

    /** A driver's message without the password or the URL (which may hold one). */
    private static String redact(String message, JdbcSource source) {
        String text = message == null ? "no reason given" : message.replace(source.url(), source.address());
        return source.password().filter(password -> !password.isEmpty()).map(password -> text.replace(password, "****")).orElse(text);
    }

    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
        }
        finally {
            connection.close();
        }
    }
}
