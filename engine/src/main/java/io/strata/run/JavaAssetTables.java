package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.api.AssetSpec;
import io.strata.api.AssetTables;
import io.strata.compile.CompiledProject;
import io.strata.graph.Asset;
import io.strata.lake.BranchTables;
import io.strata.lake.ColumnType;
import io.strata.lake.LakeEndpoints;
import io.strata.project.Relation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link AssetTables} of one Java asset's build: which tables it may write (its own, those it also produces) and read
 * (those and its deps), rows of records turned into columns, the writing itself left to {@link BranchTables}.
 */
final class JavaAssetTables implements AssetTables, AutoCloseable {
    private final Asset asset;
    private final AssetSpec spec;
    private final CompiledProject compiled;
    private final Supplier<BranchTables> open;
    private final String branch;
    private BranchTables tables;
    /** The partition being built, for a partitioned asset: its own table's writes replace that window's rows. */
    private Optional<BranchTables.Window> window = Optional.empty();

    /** @param open the tables of the branch, opened on the first read or write */
    JavaAssetTables(Asset asset, AssetSpec spec, CompiledProject compiled, Supplier<BranchTables> open, String branch) {
        this.asset = asset;
        this.spec = spec;
        this.compiled = compiled;
        this.open = open;
        this.branch = branch;
    }

    /** The tables of a branch of the engine's lake; refused on first use for an engine without one. */
    static Supplier<BranchTables> of(Optional<LakeEndpoints> lake, String branch) {
        return () -> new BranchTables(lake.orElseThrow(() -> new UnsupportedOperationException(
                "the project's engine writes no Iceberg tables from Java; write through sql()")), branch);
    }

    /** The window the next writes of the asset's own table replace, or none when not partitioned (or between partitions). */
    void window(Optional<BranchTables.Window> window) {
        this.window = window;
    }

    @Override
    public <R extends Record> void overwrite(String table, Class<R> type, Iterable<R> rows) {
        write(table, type, rows, true);
    }

    @Override
    public <R extends Record> void append(String table, Class<R> type, Iterable<R> rows) {
        write(table, type, rows, false);
    }

    @Override
    public void overwrite(String table, List<Column> columns, Iterable<? extends List<?>> rows) {
        write(writable(table), declared(columns), rows.iterator(), true);
    }

    @Override
    public void append(String table, List<Column> columns, Iterable<? extends List<?>> rows) {
        write(writable(table), declared(columns), rows.iterator(), false);
    }

    @Override
    public List<Map<String, Object>> read(String name) {
        Relation relation = readable(name);
        try {
            if (!tables().isTable(relation)) {
                boolean view = compiled.graph().require(AssetKey.parse(name)).materialization() == io.strata.project.Materialization.VIEW;
                throw new IllegalArgumentException(name + " (" + relation.render() + ") is not a table on branch " + branch
                        + (view ? "; a view is read through sql()" : "; it has not been built"));
            }
            return tables().read(relation);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <R extends Record> void write(String table, Class<R> type, Iterable<R> rows, boolean overwrite) {
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        List<BranchTables.Column> columns = new ArrayList<>();
        for (RecordComponent component : components) {
            columns.add(new BranchTables.Column(snakeCase(component.getName()), columnType(type, component)));
        }
        Iterator<R> records = rows.iterator();
        Iterator<List<?>> values = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public List<?> next() {
                R record = records.next();
                List<Object> row = new ArrayList<>(components.length);
                for (RecordComponent component : components) {
                    try {
                        row.add(component.getAccessor().invoke(record));
                    }
                    catch (IllegalAccessException | InvocationTargetException e) {
                        throw new IllegalArgumentException("cannot read " + component.getName() + " of " + type.getName()
                                + " (make the record public): " + e.getMessage(), e);
                    }
                }
                return row;
            }
        };
        write(writable(table), columns, values, overwrite);
    }

    private void write(Relation relation, List<BranchTables.Column> columns, Iterator<? extends List<?>> rows, boolean overwrite) {
        try {
            boolean own = spec.output() == AssetSpec.Output.TABLE && asset.relation().filter(relation::equals).isPresent();
            if (own && window.isPresent()) {
                tables().write(relation, columns, window.get(), overwrite, rows);
                return;
            }
            tables().write(relation, columns, overwrite, rows);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits what the build wrote, one commit per table. */
    void commit() {
        if (tables != null) {
            tables.commit();
        }
    }

    /** Deletes what a failed build wrote. */
    void abandon() {
        if (tables != null) {
            tables.abandon();
        }
    }

    private BranchTables tables() {
        if (tables == null) {
            tables = open.get();
        }
        return tables;
    }

    /** The tables the asset writes: its own (by its name) and those it declared it also produces. */
    private Relation writable(String table) {
        Set<String> names = new LinkedHashSet<>();
        if (spec.output() == AssetSpec.Output.TABLE) {
            names.add(asset.key().name());
        }
        names.addAll(spec.alsoProduces());
        if (!names.contains(table)) {
            throw new IllegalArgumentException("Java asset " + asset.key() + " writes no table '" + table + "'"
                    + (names.isEmpty() ? " (its output is " + spec.output() + ")" : "; it writes " + String.join(", ", names))
                    + "; declare another table with alsoProduces(\"" + table + "\")");
        }
        return relation(table);
    }

    /** The tables the asset reads: its deps and its own. */
    private Relation readable(String name) {
        AssetKey key = AssetKey.parse(name);
        boolean own = key.equals(asset.key()) || spec.alsoProduces().contains(name);
        if (!own && !spec.deps().contains(key)) {
            throw new IllegalArgumentException("Java asset " + asset.key() + " reads " + name + " without declaring it: add deps(\"" + name
                    + "\") so it is built first");
        }
        return relation(name);
    }

    private Relation relation(String name) {
        return compiled.graph().require(AssetKey.parse(name)).relation()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no table"));
    }

    private static List<BranchTables.Column> declared(List<Column> columns) {
        return columns.stream().map(column -> {
            try {
                return new BranchTables.Column(column.name(), ColumnType.parse(column.type()));
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column '" + column.name() + "': " + e.getMessage(), e);
            }
        }).toList();
    }

    /** {@code topReasons} is {@code top_reasons}, as columns are named in SQL. */
    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static final Map<Class<?>, ColumnType.Primitive> PRIMITIVES = Map.ofEntries(
            Map.entry(String.class, ColumnType.Primitive.STRING),
            Map.entry(int.class, ColumnType.Primitive.INT), Map.entry(Integer.class, ColumnType.Primitive.INT),
            Map.entry(long.class, ColumnType.Primitive.BIGINT), Map.entry(Long.class, ColumnType.Primitive.BIGINT),
            Map.entry(float.class, ColumnType.Primitive.REAL), Map.entry(Float.class, ColumnType.Primitive.REAL),
            Map.entry(double.class, ColumnType.Primitive.DOUBLE), Map.entry(Double.class, ColumnType.Primitive.DOUBLE),
            Map.entry(boolean.class, ColumnType.Primitive.BOOLEAN), Map.entry(Boolean.class, ColumnType.Primitive.BOOLEAN),
            Map.entry(java.time.LocalDate.class, ColumnType.Primitive.DATE),
            Map.entry(java.time.LocalTime.class, ColumnType.Primitive.TIME),
            Map.entry(java.time.LocalDateTime.class, ColumnType.Primitive.TIMESTAMP),
            Map.entry(java.time.Instant.class, ColumnType.Primitive.TIMESTAMPTZ),
            Map.entry(java.time.OffsetDateTime.class, ColumnType.Primitive.TIMESTAMPTZ),
            Map.entry(java.util.UUID.class, ColumnType.Primitive.UUID),
            Map.entry(byte[].class, ColumnType.Primitive.BINARY));

    /** The column type of a record component: the Java types above, enums as strings, and lists of them. */
    private static ColumnType columnType(Class<?> record, RecordComponent component) {
        Function<java.lang.reflect.Type, ColumnType> of = new Function<>() {
            @Override
            public ColumnType apply(java.lang.reflect.Type type) {
                if (type instanceof Class<?> plain) {
                    ColumnType.Primitive primitive = plain.isEnum() ? ColumnType.Primitive.STRING : PRIMITIVES.get(plain);
                    if (primitive != null) {
                        return new ColumnType.Simple(primitive);
                    }
                }
                if (type instanceof ParameterizedType generic && generic.getRawType() == List.class) {
                    return new ColumnType.ListOf(apply(generic.getActualTypeArguments()[0]));
                }
                throw new IllegalArgumentException("component " + component.getName() + " of " + record.getName() + " is a " + type.getTypeName()
                        + ", which has no column type here (a BigDecimal needs its precision): declare the columns with Column.of(name, type)");
            }
        };
        return of.apply(component.getGenericType());
    }

    @Override
    public void close() {
        if (tables != null) {
            tables.close();
        }
    }
}
