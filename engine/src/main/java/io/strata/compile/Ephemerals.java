package io.strata.compile;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetKind;
import io.strata.graph.EphemeralCte;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ephemeral models are not built: a model that reads one gets it as a common table expression, as dbt
 * does, named as {@link EphemeralCte} says.
 */
public final class Ephemerals {
    /** Leading blanks and comments, then the first word. */
    private static final Pattern START = Pattern.compile("\\A((?:\\s+|--[^\\n]*(?:\\n|\\z)|/\\*.*?\\*/)*)(\\w+)", Pattern.DOTALL);

    private Ephemerals() {
    }

    /** Puts every ephemeral model a model reads (directly or through other ephemerals) in front of its SQL. */
    static void inlineInto(Map<AssetKey, Asset> assets, Set<String> ephemeral) {
        if (ephemeral.isEmpty()) {
            return;
        }
        for (Asset asset : List.copyOf(assets.values())) {
            if (asset.kind() == AssetKind.MODEL && ephemeral.contains(asset.name())) {
                continue;
            }
            List<String> chain = new ArrayList<>();
            collect(asset, assets, ephemeral, chain, new HashSet<>());
            if (chain.isEmpty()) {
                continue;
            }
            List<Map.Entry<String, String>> ctes = new ArrayList<>();
            for (String name : chain) {
                ctes.add(Map.entry(name, assets.get(AssetKey.of(name)).sql().orElseThrow()));
            }
            assets.put(asset.key(), asset.withSql(inline(asset.sql().orElseThrow(), ctes)));
        }
    }

    /** Ephemeral models reachable through ephemeral models only, dependencies first. */
    private static void collect(Asset asset, Map<AssetKey, Asset> assets, Set<String> ephemeral, List<String> chain, Set<String> seen) {
        for (AssetKey dep : asset.deps()) {
            if (dep.path().size() == 1 && ephemeral.contains(dep.name()) && seen.add(dep.name()) && assets.containsKey(dep)) {
                collect(assets.get(dep), assets, ephemeral, chain, seen);
                chain.add(dep.name());
            }
        }
    }

    /** The SQL with the given CTEs (name, compiled SQL; dependencies first) in front. */
    static String inline(String sql, List<Map.Entry<String, String>> ctes) {
        if (ctes.isEmpty()) {
            return sql;
        }
        StringBuilder definitions = new StringBuilder();
        for (var cte : ctes) {
            definitions.append(EphemeralCte.name(cte.getKey())).append(" AS (\n").append(cte.getValue().strip()).append("\n), ");
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
