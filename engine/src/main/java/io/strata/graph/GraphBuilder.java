package io.strata.graph;

import io.strata.api.AssetKey;
import io.strata.project.Diagnostic;
import io.strata.project.ProjectException;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Builds the {@link AssetGraph} from assets whose dependencies all exist, refusing cycles. */
public final class GraphBuilder {
    private GraphBuilder() {
    }

    /**
     * @throws ProjectException naming every cycle, each as the whole loop of assets with their files
     * @throws IllegalArgumentException if a dependency is not among the assets (callers report unknown refs first)
     */
    public static AssetGraph build(Collection<Asset> assets) {
        Map<AssetKey, Asset> index = AssetGraph.index(assets);
        Graph<AssetKey, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
        index.keySet().forEach(graph::addVertex);
        boolean selfLoop = false;
        for (Asset asset : index.values()) {
            for (AssetKey dep : asset.deps()) {
                if (!index.containsKey(dep)) {
                    throw new IllegalArgumentException(asset.key() + " depends on unknown asset " + dep);
                }
                selfLoop |= dep.equals(asset.key());
                graph.addEdge(dep, asset.key());
            }
        }
        List<Diagnostic> cycles = cycles(graph, index, selfLoop);
        if (!cycles.isEmpty()) {
            throw new ProjectException(cycles);
        }
        return new AssetGraph(index, graph);
    }

    private static List<Diagnostic> cycles(Graph<AssetKey, DefaultEdge> graph, Map<AssetKey, Asset> index, boolean selfLoop) {
        List<Diagnostic> cycles = new ArrayList<>();
        for (Set<AssetKey> component : new KosarajuStrongConnectivityInspector<>(graph).stronglyConnectedSets()) {
            AssetKey first = component.stream().min(Comparator.naturalOrder()).orElseThrow();
            if (component.size() == 1 && !(selfLoop && graph.containsEdge(first, first))) {
                continue;
            }
            List<AssetKey> loop = loopThrough(graph, component, first);
            String path = loop.stream()
                    .map(key -> key + " (" + index.get(key).path() + ")")
                    .collect(Collectors.joining(" -> "));
            cycles.add(Diagnostic.error(index.get(first).location(),
                    "dependency cycle: " + path + " -> " + first + "; remove one of these refs"));
        }
        cycles.sort(Comparator.comparing(Diagnostic::toString));
        return cycles;
    }

    /** The shortest loop from {@code start} back to itself inside one strongly connected component. */
    private static List<AssetKey> loopThrough(Graph<AssetKey, DefaultEdge> graph, Set<AssetKey> component, AssetKey start) {
        Map<AssetKey, AssetKey> previous = new HashMap<>();
        Deque<AssetKey> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            AssetKey current = queue.poll();
            List<AssetKey> next = graph.outgoingEdgesOf(current).stream().map(graph::getEdgeTarget)
                    .filter(component::contains).sorted().toList();
            for (AssetKey target : next) {
                if (target.equals(start)) {
                    List<AssetKey> loop = new ArrayList<>();
                    for (AssetKey step = current; step != null; step = previous.get(step)) {
                        loop.addFirst(step);
                    }
                    return loop;
                }
                if (!previous.containsKey(target)) {
                    previous.put(target, current);
                    queue.add(target);
                }
            }
        }
        throw new IllegalStateException("no loop through " + start + " in its component");
    }
}
