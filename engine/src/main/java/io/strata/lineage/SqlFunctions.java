package io.strata.lineage;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The functions of an engine's SQL that compile-time validation knows: how many arguments each takes and the type
 * it returns. A call with a number of arguments the function does not take is an error; a function not listed is a
 * warning (its arguments and result go unchecked), never an error, since engines add functions and plugins.
 * <p>
 * Trino's list is that of its documentation's function reference (the functions dbt projects call). Dremio's is the
 * part common to both plus those of Dremio's own whose arguments are certain; Dremio's date arithmetic
 * ({@code date_add}, {@code date_diff}, {@code datediff}), whose forms vary between its versions, is left out, so a
 * call of it is a warning, not a check that could be wrong.
 */
public final class SqlFunctions {
    /** How many arguments at most a variadic function takes. */
    private static final int ANY = Integer.MAX_VALUE;

    /** One function: its arities and its result type from the types of its arguments. */
    public record Signature(String name, int minArguments, int maxArguments, Function<List<SqlType>, SqlType> result) {
        public boolean takes(int arguments) {
            return arguments >= minArguments && arguments <= maxArguments;
        }

        /** "takes 2 arguments", "takes 1 to 3 arguments", "takes at least 2 arguments". */
        public String arity() {
            if (minArguments == maxArguments) {
                return "takes " + minArguments + (minArguments == 1 ? " argument" : " arguments");
            }
            return maxArguments == ANY ? "takes at least " + minArguments + (minArguments == 1 ? " argument" : " arguments")
                    : "takes " + minArguments + " to " + maxArguments + " arguments";
        }
    }

    private final String engine;
    private final Map<String, Signature> functions;

    private SqlFunctions(String engine, Map<String, Signature> functions) {
        this.engine = engine;
        this.functions = Map.copyOf(functions);
    }

    public static final SqlFunctions TRINO = new SqlFunctions("Trino", trino());
    public static final SqlFunctions DREMIO = new SqlFunctions("Dremio", dremio());

    /** The functions of a profile's engine type ({@code trino}, {@code dremio}); Trino's for any other. */
    public static SqlFunctions forEngine(String type) {
        return type.toLowerCase(Locale.ROOT).contains("dremio") ? DREMIO : TRINO;
    }

    /** The engine's name, as messages give it. */
    public String engine() {
        return engine;
    }

    public Optional<Signature> find(String name) {
        return Optional.ofNullable(functions.get(name.toLowerCase(Locale.ROOT)));
    }

    // ---- result types ----

    private static Function<List<SqlType>, SqlType> fixed(SqlType type) {
        return arguments -> type;
    }

    private static Function<List<SqlType>, SqlType> argument(int index) {
        return arguments -> index < arguments.size() ? arguments.get(index) : SqlType.UNKNOWN;
    }

    /** The widest of the arguments from {@code from} on: {@code coalesce}, {@code greatest}, {@code if}'s branches. */
    private static Function<List<SqlType>, SqlType> widest(int from) {
        return arguments -> {
            SqlType found = SqlType.UNKNOWN;
            for (int i = from; i < arguments.size(); i++) {
                found = SqlType.wider(found, arguments.get(i));
            }
            return found;
        };
    }

    /** {@code sum}: integers add up to a bigint, decimals to a decimal of precision 38, the rest to a double. */
    private static SqlType sum(List<SqlType> arguments) {
        SqlType input = arguments.isEmpty() ? SqlType.UNKNOWN : arguments.getFirst();
        return switch (input.baseName()) {
            case "tinyint", "smallint", "integer", "bigint" -> SqlType.BIGINT;
            case "decimal" -> SqlType.of("decimal(38," + scale(input) + ")");
            case "real", "double" -> SqlType.DOUBLE;
            default -> input.isKnown() ? SqlType.UNKNOWN : input;
        };
    }

    /** {@code avg}: a decimal's average is a decimal, any other number's a double. */
    private static SqlType avg(List<SqlType> arguments) {
        SqlType input = arguments.isEmpty() ? SqlType.UNKNOWN : arguments.getFirst();
        if (input.baseName().equals("decimal")) {
            return input;
        }
        return input.isNumeric() ? SqlType.DOUBLE : SqlType.UNKNOWN;
    }

    private static String scale(SqlType decimal) {
        String name = decimal.name();
        int comma = name.indexOf(',');
        return comma < 0 ? "0" : name.substring(comma + 1, name.length() - 1);
    }

    // ---- the libraries ----

    private static final class Library {
        final Map<String, Signature> functions = new HashMap<>();

        Library add(int min, int max, Function<List<SqlType>, SqlType> result, String... names) {
            for (String name : names) {
                functions.put(name, new Signature(name, min, max, result));
            }
            return this;
        }

        Library add(int min, int max, SqlType result, String... names) {
            return add(min, max, fixed(result), names);
        }
    }

    /** What Trino and Dremio share, with the same arities. */
    private static Library common() {
        SqlType array = SqlType.of("array");
        return new Library()
                // strings
                .add(1, 1, SqlType.VARCHAR, "lower", "upper", "reverse", "initcap")
                .add(1, 2, SqlType.VARCHAR, "trim", "ltrim", "rtrim", "btrim")
                .add(1, 1, SqlType.BIGINT, "length", "char_length", "character_length", "octet_length", "bit_length")
                .add(2, 3, SqlType.VARCHAR, "substr", "substring", "replace", "regexp_extract")
                .add(3, 3, SqlType.VARCHAR, "lpad", "rpad", "translate", "regexp_replace")
                .add(2, ANY, SqlType.VARCHAR, "concat_ws")
                .add(2, 3, SqlType.BIGINT, "strpos")
                .add(1, 1, SqlType.BIGINT, "ascii")
                .add(1, 1, SqlType.VARCHAR, "chr", "md5")
                .add(2, 3, SqlType.BOOLEAN, "regexp_like")
                .add(2, 2, SqlType.BOOLEAN, "starts_with")
                .add(2, 2, SqlType.BIGINT, "levenshtein_distance")
                // numbers
                .add(1, 1, argument(0), "abs", "ceil", "ceiling", "floor", "sign")
                .add(1, 2, argument(0), "round", "truncate")
                .add(1, 1, SqlType.DOUBLE, "sqrt", "cbrt", "exp", "ln", "log2", "log10", "degrees", "radians",
                        "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh")
                .add(2, 2, SqlType.DOUBLE, "power", "pow", "atan2")
                .add(2, 2, widest(0), "mod")
                .add(0, 0, SqlType.DOUBLE, "pi", "e")
                .add(0, 2, SqlType.DOUBLE, "rand", "random")
                .add(1, ANY, widest(0), "greatest", "least")
                // conditions
                .add(1, ANY, widest(0), "coalesce")
                .add(2, 2, argument(0), "nullif")
                // dates
                .add(1, 1, SqlType.BIGINT, "year", "month", "day", "hour", "minute", "second", "quarter", "week",
                        "day_of_week", "dow", "day_of_year", "doy", "day_of_month", "dayofweek", "dayofyear", "dayofmonth")
                .add(1, 1, SqlType.DATE, "last_day", "date")
                .add(0, 0, SqlType.TIMESTAMP_TZ, "now")
                // aggregates
                .add(0, 1, SqlType.BIGINT, "count")
                .add(1, 1, SqlFunctions::sum, "sum")
                .add(1, 1, SqlFunctions::avg, "avg")
                .add(1, 1, argument(0), "min", "max", "any_value")
                .add(1, 1, SqlType.BOOLEAN, "bool_and", "bool_or", "every")
                .add(1, 1, SqlType.DOUBLE, "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp")
                .add(2, 2, SqlType.DOUBLE, "corr", "covar_pop", "covar_samp", "regr_slope", "regr_intercept")
                .add(1, 2, array, "array_agg")
                // windows
                .add(0, 0, SqlType.BIGINT, "row_number", "rank", "dense_rank")
                .add(0, 0, SqlType.DOUBLE, "percent_rank", "cume_dist")
                .add(1, 1, SqlType.BIGINT, "ntile")
                .add(1, 3, argument(0), "lag", "lead")
                .add(1, 1, argument(0), "first_value", "last_value")
                .add(2, 2, argument(0), "nth_value")
                // arrays
                .add(1, 1, SqlType.BIGINT, "cardinality", "array_length")
                .add(2, 2, SqlType.BOOLEAN, "array_contains")
                .add(2, 3, SqlType.VARCHAR, "array_join");
    }

    private static Map<String, Signature> trino() {
        SqlType array = SqlType.of("array");
        SqlType map = SqlType.of("map");
        SqlType json = SqlType.of("json");
        SqlType varbinary = SqlType.of("varbinary");
        SqlType timestamp3 = SqlType.of("timestamp(3)");
        SqlType timestampTz3 = SqlType.of("timestamp(3) with time zone");
        return common()
                .add(2, ANY, SqlType.VARCHAR, "concat")
                .add(1, ANY, SqlType.VARCHAR, "format")
                .add(2, 3, array, "split", "regexp_extract_all")
                .add(3, 3, SqlType.VARCHAR, "split_part")
                .add(2, 2, array, "regexp_split")
                .add(2, 2, SqlType.BIGINT, "regexp_count", "regexp_position", "hamming_distance")
                .add(1, 1, SqlType.BIGINT, "codepoint")
                .add(1, 2, SqlType.VARCHAR, "normalize", "from_utf8")
                .add(1, 1, varbinary, "to_utf8", "sha1", "sha256", "sha512", "xxhash64", "from_hex", "from_base64")
                .add(1, 1, SqlType.VARCHAR, "to_hex", "to_base64", "soundex", "luhn_check", "word_stem")
                .add(1, 1, SqlType.BIGINT, "crc32")
                .add(2, 2, SqlType.BIGINT, "bit_count", "from_base")
                .add(2, 2, SqlType.VARCHAR, "to_base")
                .add(2, 2, SqlType.BIGINT, "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift", "bitwise_right_shift")
                .add(1, 1, SqlType.BIGINT, "bitwise_not")
                .add(2, 2, SqlType.DOUBLE, "log")
                .add(2, 4, SqlType.BIGINT, "width_bucket")
                .add(1, 1, SqlType.BOOLEAN, "is_nan", "is_finite", "is_infinite")
                .add(0, 0, SqlType.DOUBLE, "nan", "infinity")
                .add(2, 3, widest(1), "if")
                .add(1, 1, argument(0), "try")
                .add(1, 1, SqlType.VARCHAR, "typeof")
                // dates and times
                .add(2, 2, argument(1), "date_trunc")
                .add(3, 3, argument(2), "date_add")
                .add(3, 3, SqlType.BIGINT, "date_diff")
                .add(2, 2, SqlType.VARCHAR, "date_format", "format_datetime")
                .add(2, 2, timestamp3, "date_parse")
                .add(2, 2, timestampTz3, "parse_datetime")
                .add(1, 1, timestampTz3, "from_iso8601_timestamp")
                .add(1, 1, SqlType.DATE, "from_iso8601_date", "last_day_of_month")
                .add(1, 1, SqlType.VARCHAR, "to_iso8601", "human_readable_seconds")
                .add(1, 3, SqlType.TIMESTAMP_TZ, "from_unixtime")
                .add(1, 1, SqlType.DOUBLE, "to_unixtime")
                .add(2, 2, argument(0), "at_timezone", "with_timezone")
                .add(1, 1, SqlType.BIGINT, "millisecond", "year_of_week", "yow", "timezone_hour", "timezone_minute")
                .add(0, 0, SqlType.VARCHAR, "current_timezone")
                // JSON
                .add(2, 2, json, "json_extract")
                .add(2, 2, SqlType.VARCHAR, "json_extract_scalar")
                .add(1, 1, json, "json_parse")
                .add(1, 1, SqlType.VARCHAR, "json_format")
                .add(1, 2, SqlType.BIGINT, "json_array_length", "json_size")
                .add(2, 2, SqlType.BOOLEAN, "json_array_contains")
                // aggregates
                .add(1, 1, SqlType.BIGINT, "count_if")
                .add(1, 2, SqlType.BIGINT, "approx_distinct")
                .add(2, 3, argument(0), "approx_percentile")
                .add(1, 2, argument(0), "min", "max")
                .add(2, 3, argument(0), "max_by", "min_by")
                .add(1, 1, argument(0), "arbitrary")
                .add(1, 1, SqlType.DOUBLE, "geometric_mean", "kurtosis", "skewness")
                .add(1, 1, map, "histogram", "multimap_agg")
                .add(2, 2, map, "map_agg")
                .add(1, 1, map, "map_union")
                .add(1, 1, array, "set_agg")
                .add(1, 1, varbinary, "checksum")
                .add(1, 1, SqlType.BIGINT, "bitwise_and_agg", "bitwise_or_agg", "bitwise_xor_agg")
                .add(4, 5, SqlType.UNKNOWN, "reduce_agg")
                // arrays and maps
                .add(2, 2, SqlType.UNKNOWN, "element_at")
                .add(2, 2, SqlType.BOOLEAN, "contains", "arrays_overlap", "any_match", "all_match", "none_match")
                .add(1, 2, argument(0), "array_sort")
                .add(1, 1, argument(0), "array_distinct", "shuffle")
                .add(1, 1, SqlType.UNKNOWN, "array_max", "array_min")
                .add(2, 2, SqlType.BIGINT, "array_position")
                .add(2, 2, argument(0), "array_remove", "array_union", "array_intersect", "array_except", "filter")
                .add(2, 3, array, "sequence")
                .add(3, 3, argument(0), "slice")
                .add(2, 2, array, "transform", "repeat")
                .add(4, 5, SqlType.UNKNOWN, "reduce")
                .add(2, ANY, array, "zip")
                .add(3, 3, array, "zip_with")
                .add(1, 1, array, "flatten", "map_keys", "map_values", "map_entries")
                .add(0, 2, map, "map")
                .add(1, 1, map, "map_from_entries")
                .add(1, ANY, map, "map_concat")
                .add(2, 2, map, "map_filter", "transform_keys", "transform_values")
                .add(0, 0, SqlType.of("uuid"), "uuid")
                .functions;
    }

    private static Map<String, Signature> dremio() {
        return common()
                .add(1, ANY, SqlType.VARCHAR, "concat")
                .add(3, 3, SqlType.VARCHAR, "split_part")
                .add(2, 3, SqlType.BIGINT, "locate", "instr")
                .add(2, 2, SqlType.VARCHAR, "left", "right", "repeat", "to_char")
                .add(1, 1, SqlType.VARCHAR, "hex", "base64", "unbase64", "sha1", "sha256", "sha512", "soundex")
                .add(2, 2, SqlType.BOOLEAN, "ilike", "contains")
                .add(1, 2, SqlType.DOUBLE, "log")
                .add(2, 2, argument(0), "nvl", "ifnull", "isnull")
                .add(1, 3, SqlType.DATE, "to_date")
                .add(1, 3, SqlType.TIMESTAMP, "to_timestamp")
                .add(2, 2, argument(1), "date_trunc")
                .add(2, 2, SqlType.BIGINT, "date_part")
                .add(3, 3, SqlType.BIGINT, "timestampdiff")
                .add(3, 3, argument(2), "timestampadd")
                .add(2, 2, SqlType.UNKNOWN, "convert_from", "convert_to")
                .add(1, 1, SqlType.of("array"), "flatten")
                .add(1, 1, SqlType.BIGINT, "count_distinct", "ndv", "hll")
                .add(2, 2, SqlType.BIGINT, "months_between")
                .add(1, 1, SqlType.VARCHAR, "typeof")
                .add(1, 2, SqlType.DOUBLE, "median")
                .add(2, 3, argument(0), "max_by", "min_by")
                .add(0, 0, SqlType.VARCHAR, "uuid", "random_uuid")
                .functions;
    }
}
