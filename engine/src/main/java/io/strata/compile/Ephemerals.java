package io.strata.compile;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ephemeral models are not built: a model that reads one gets it as a common table expression, as dbt
 * does, named {@code __strata_cte__<model>}.
 */
final class Ephemerals {
    private static final String PREFIX = "__strata_cte__";
    /** Leading blanks and comments, then the first word. */
    private static final Pattern START = Pattern.compile("\\A((?:\\s+|--[^\\n]*(?:\\n|\\z)|/\\*.*?\\*/)*)(\\w+)", Pattern.DOTALL);

    private Ephemerals() {
    }

    static String cteName(String model) {
        return PREFIX + model;
    }

    /** The SQL with the given CTEs (name, compiled SQL; dependencies first) in front. */
    static String inline(String sql, List<Map.Entry<String, String>> ctes) {
        if (ctes.isEmpty()) {
            return sql;
        }
        StringBuilder definitions = new StringBuilder();
        for (var cte : ctes) {
            definitions.append(cteName(cte.getKey())).append(" AS (\n").append(cte.getValue().strip()).append("\n), ");
        }
        Matcher start = START.matcher(sql);
        if (start.find() && start.group(2).equalsIgnoreCase("with")) {
            String rest = sql.substring(start.end(2));
            if (!rest.stripLeading().regionMatches(true, 0, "recursive", 0, "recursive".length())) {
                return sql.substring(0, start.end(2)) + " " + definitions + rest.stripLeading();
            }
        }
        String leading = start.find(0) ? start.group(1) : "";
        String body = sql.substring(leading.length());
        return leading + "WITH " + definitions.substring(0, definitions.length() - 2) + "\n" + body;
    }
}
