package io.strata.graph;

import io.strata.api.AssetKey;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.traverse.TopologicalOrderIterator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The project's assets and the edges between them (an edge runs from an asset to each asset that reads
 * it). Acyclic by construction: see {@link GraphBuilder}.
 */
public final class AssetGraph {
    private final Map<AssetKey, Asset> assets;
    private final Graph<AssetKey, DefaultEdge> graph;

    AssetGraph(Map<AssetKey, Asset> assets, Graph<AssetKey, DefaultEdge> graph) {
        this.assets = assets;
        this.graph = graph;
    }

    public Collection<Asset> assets() {
        return assets.values();
    }

    public int size() {
        return assets.size();
    }

    public Optional<Asset> asset(AssetKey key) {
        return Optional.ofNullable(assets.get(key));
    }

    public Asset require(AssetKey key) {
        Asset asset = assets.get(key);
        if (asset == null) {
            throw new IllegalArgumentException("no asset " + key);
        }
        return asset;
    }

    public Set<AssetKey> parents(AssetKey key) {
        Set<AssetKey> parents = new LinkedHashSet<>();
        for (DefaultEdge edge : graph.incomingEdgesOf(key)) {
            parents.add(graph.getEdgeSource(edge));
        }
        return parents;
    }

    public Set<AssetKey> children(AssetKey key) {
        Set<AssetKey> children = new LinkedHashSet<>();
        for (DefaultEdge edge : graph.outgoingEdgesOf(key)) {
            children.add(graph.getEdgeTarget(edge));
        }
        return children;
    }

    /** Ancestors up to {@code depth} levels up ({@code -1}: all), not including {@code key}. */
    public Set<AssetKey> ancestors(AssetKey key, int depth) {
        return walk(key, depth, this::parents);
    }

    /** Descendants up to {@code depth} levels down ({@code -1}: all), not including {@code key}. */
    public Set<AssetKey> descendants(AssetKey key, int depth) {
        return walk(key, depth, this::children);
    }

    private static Set<AssetKey> walk(AssetKey start, int depth, Function<AssetKey, Set<AssetKey>> next) {
        Set<AssetKey> seen = new LinkedHashSet<>();
        Deque<AssetKey> frontier = new ArrayDeque<>(List.of(start));
        for (int level = 0; (depth < 0 || level < depth) && !frontier.isEmpty(); level++) {
            Deque<AssetKey> following = new ArrayDeque<>();
            for (AssetKey key : frontier) {
                for (AssetKey neighbour : next.apply(key)) {
                    if (!neighbour.equals(start) && seen.add(neighbour)) {
                        following.add(neighbour);
                    }
                }
            }
            frontier = following;
        }
        return seen;
    }

    /** All edges as (from, to) pairs: {@code to} reads {@code from}. */
    public List<Map.Entry<AssetKey, AssetKey>> edges() {
        List<Map.Entry<AssetKey, AssetKey>> edges = new ArrayList<>();
        for (DefaultEdge edge : graph.edgeSet()) {
            edges.add(Map.entry(graph.getEdgeSource(edge), graph.getEdgeTarget(edge)));
        }
        edges.sort(Map.Entry.<AssetKey, AssetKey>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        return edges;
    }

    /** Every asset in dependency order; among independent assets, by key, so the order is stable. */
    public List<AssetKey> topologicalOrder() {
        List<AssetKey> order = new ArrayList<>(assets.size());
        new TopologicalOrderIterator<>(graph, Comparator.<AssetKey>naturalOrder()).forEachRemaining(order::add);
        return order;
    }

    /** The given assets in dependency order. */
    public List<AssetKey> topologicalOrder(Set<AssetKey> keys) {
        return topologicalOrder().stream().filter(keys::contains).toList();
    }

    /**
     * The same graph with new versions of its assets, for a recompilation in which no asset's
     * dependencies changed (callers check that); the edges are shared, not copied.
     */
    public AssetGraph withAssets(Collection<Asset> newVersions) {
        Map<AssetKey, Asset> byKey = new java.util.HashMap<>(newVersions.size() * 2);
        newVersions.forEach(asset -> byKey.put(asset.key(), asset));
        Map<AssetKey, Asset> index = new java.util.LinkedHashMap<>(assets.size() * 2);
        for (AssetKey key : assets.keySet()) {
            Asset asset = byKey.get(key);
            if (asset == null || !asset.deps().equals(assets.get(key).deps())) {
                throw new IllegalArgumentException("the assets or their dependencies changed: build a new graph");
            }
            index.put(key, asset);
        }
        return new AssetGraph(index, graph);
    }

    /** Assets by key, in key order. */
    static Map<AssetKey, Asset> index(Collection<Asset> assets) {
        List<Asset> sorted = new ArrayList<>(assets);
        sorted.sort(Comparator.comparing(Asset::key));
        Map<AssetKey, Asset> index = new java.util.LinkedHashMap<>(sorted.size() * 2);
        sorted.forEach(asset -> index.put(asset.key(), asset));
        return index;
    }
}
