package io.strata.select;

import io.strata.api.AssetKey;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.graph.AssetKind;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One selector term, such as {@code 2+tag:daily+} or {@code @orders}: a method and value that pick assets,
 * widened by graph operators.
 *
 * @param method {@code name} (no method given), {@code tag}, {@code path}, {@code layer}, {@code source},
 *        {@code kind}, {@code fqn} or {@code config.<key>}
 * @param parents levels of ancestors to add: 0 none, -1 all
 * @param children levels of descendants to add: 0 none, -1 all
 * @param at {@code @}: the descendants and every ancestor of each of them
 */
record SelectorAtom(String method, String value, int parents, int children, boolean at) {
    private static final Pattern SYNTAX = Pattern.compile("^(@)?(?:(\\d*)\\+)?([^+@]+?)(?:\\+(\\d*))?$");
    private static final List<String> METHODS = List.of("tag", "path", "layer", "source", "kind", "resource_type", "fqn", "config.<key>");

    SelectorAtom {
        requireNonNull(method, "method");
        requireNonNull(value, "value");
    }

    static SelectorAtom parse(String text) {
        Matcher matcher = SYNTAX.matcher(text);
        if (!matcher.matches()) {
            throw new SelectionException("cannot read selector '" + text + "': expected [@][N+]method:value[+N], e.g. +orders, tag:daily+, 2+layer:gold");
        }
        boolean at = matcher.group(1) != null;
        int parents = depth(matcher.group(2));
        String body = matcher.group(3);
        int children = depth(matcher.group(4));
        if (at && parents != 0) {
            throw SelectionException.at(1, "selector '" + text + "': '@' and a leading '+' cannot be combined");
        }
        int colon = body.indexOf(':');
        if (colon < 0) {
            boolean looksLikePath = body.contains("/") || body.endsWith(".sql") || body.endsWith(".yml") || body.endsWith(".yaml");
            return new SelectorAtom(looksLikePath ? "path" : "name", body, parents, children, at);
        }
        String method = body.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = body.substring(colon + 1);
        if (!(METHODS.contains(method) || method.startsWith("config.") && method.length() > "config.".length())) {
            throw SelectionException.at(matcher.start(3), "unknown selector method '" + method + "' in '" + text
                    + "'; use one of: " + String.join(", ", METHODS));
        }
        if (value.isEmpty()) {
            throw SelectionException.at(matcher.start(3) + colon + 1, "selector '" + text + "' has no value after '" + method + ":'");
        }
        return new SelectorAtom(method, value, parents, children, at);
    }

    private static int depth(String group) {
        if (group == null) {
            return 0;
        }
        return group.isEmpty() ? -1 : Integer.parseInt(group);
    }

    Set<AssetKey> select(AssetGraph graph) {
        Set<AssetKey> matched = new LinkedHashSet<>();
        for (Asset asset : graph.assets()) {
            if (matches(asset)) {
                matched.add(asset.key());
            }
        }
        Set<AssetKey> selected = new LinkedHashSet<>(matched);
        for (AssetKey key : matched) {
            if (parents != 0) {
                selected.addAll(graph.ancestors(key, parents));
            }
            if (children != 0 || at) {
                Set<AssetKey> descendants = graph.descendants(key, at ? -1 : children);
                selected.addAll(descendants);
                if (at) {
                    selected.addAll(graph.ancestors(key, -1));
                    descendants.forEach(descendant -> selected.addAll(graph.ancestors(descendant, -1)));
                }
            }
        }
        return selected;
    }

    private boolean matches(Asset asset) {
        return switch (method) {
            // As in dbt, a bare name never picks a source table: that takes source:name.table.
            case "name" -> asset.kind() != AssetKind.SOURCE && (Glob.matches(value, asset.name()) || fqnMatches(asset));
            case "tag" -> asset.tags().stream().anyMatch(tag -> Glob.matches(value, tag));
            case "path" -> pathMatches(asset.path());
            case "layer" -> asset.layer().map(layer -> Glob.matches(value, layer)).orElse(false);
            case "kind", "resource_type" -> Glob.matches(value, resourceType(asset));
            case "source" -> sourceMatches(asset);
            case "fqn" -> fqnMatches(asset);
            default -> configMatches(asset, method.substring("config.".length()));
        };
    }

    /** dbt's resource type: a snapshot is one, not a model; every other asset is of its kind. */
    private static String resourceType(Asset asset) {
        return asset.materialization() == io.strata.project.Materialization.SNAPSHOT ? io.strata.project.Materialization.SNAPSHOT.label() : asset.kind().label();
    }

    private boolean pathMatches(String path) {
        String wanted = value.startsWith("./") ? value.substring(2) : value;
        wanted = wanted.endsWith("/") ? wanted.substring(0, wanted.length() - 1) : wanted;
        return Glob.matches(wanted, path) || path.startsWith(wanted + "/");
    }

    private boolean sourceMatches(Asset asset) {
        if (asset.kind() != AssetKind.SOURCE) {
            return false;
        }
        List<String> path = asset.key().path();
        String[] wanted = value.split("\\.", 2);
        return Glob.matches(wanted[0], path.get(0)) && (wanted.length == 1 || Glob.matches(wanted[1], path.get(1)));
    }

    /** dbt's fqn match: {@code silver} picks every asset under the folder silver, {@code silver.orders} one asset. */
    private boolean fqnMatches(Asset asset) {
        String[] wanted = value.split("\\.");
        List<String> fqn = asset.fqn();
        return startsWith(fqn, wanted, 0) || startsWith(fqn, wanted, 1);
    }

    private static boolean startsWith(List<String> fqn, String[] wanted, int offset) {
        if (fqn.size() - offset < wanted.length) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (!Glob.matches(wanted[i], fqn.get(offset + i))) {
                return false;
            }
        }
        return true;
    }

    private boolean configMatches(Asset asset, String key) {
        Object configured = asset.config().values().get(key);
        if (key.equals("materialized")) {
            configured = asset.materialization().label();
        }
        if (configured instanceof java.util.Collection<?> values) {
            return values.stream().anyMatch(item -> Glob.matches(value, String.valueOf(item)));
        }
        return configured != null && Glob.matches(value, configured.toString());
    }
}
