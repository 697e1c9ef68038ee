package io.strata.ui.graph;

import io.strata.api.AssetKey;
import io.strata.compile.CompiledProject;
import io.strata.graph.Asset;
import io.strata.graph.AssetGraph;
import io.strata.select.Selector;
import io.strata.service.Workspace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/** The lineage graph of a workspace's project as the web page draws it: the selected assets placed by a cached layout. */
public final class LineageGraph {
    private final Workspace workspace;
    private final LayoutCache layouts;
    /** The last answer and what it was made from: an unchanged compile and selection answer at once. */
    private volatile Memo last;

    private record Memo(CompiledProject project, String select, GraphView view) {
    }

    public LineageGraph(Workspace workspace, LayoutCache layouts) {
        this.workspace = requireNonNull(workspace, "workspace");
        this.layouts = requireNonNull(layouts, "layouts");
    }

    /** The graph of the assets {@code select} picks (blank: all of them), with the edges between them. */
    public GraphView view(String select) {
        String selection = select == null ? "" : select.strip();
        CompiledProject project = workspace.compile();
        Memo memo = last;
        if (memo != null && memo.project() == project && memo.select().equals(selection)) {
            return memo.view();
        }
        Selector selector = Selector.parse(selection, null);
        AssetGraph graph = project.graph();
        // Selected on the compile in hand: asking the workspace again would check the project's files a second time.
        List<Asset> assets = selector.select(graph).stream().sorted().map(graph::require).toList();
        Set<AssetKey> selected = new HashSet<>();
        assets.forEach(asset -> selected.add(asset.key()));

        List<GraphShape.Node> shapeNodes = new ArrayList<>(assets.size());
        assets.forEach(asset -> shapeNodes.add(new GraphShape.Node(asset.key().toString(), asset.layer())));
        List<GraphShape.Edge> shapeEdges = new ArrayList<>();
        for (Map.Entry<AssetKey, AssetKey> edge : graph.edges()) {
            if (selected.contains(edge.getKey()) && selected.contains(edge.getValue())) {
                shapeEdges.add(new GraphShape.Edge(edge.getKey().toString(), edge.getValue().toString()));
            }
        }
        GraphLayout layout = layouts.layoutOf(new GraphShape(shapeNodes, shapeEdges));

        List<GraphView.Node> nodes = new ArrayList<>(assets.size());
        for (Asset asset : assets) {
            GraphLayout.Box box = layout.boxes().get(asset.key().toString());
            nodes.add(new GraphView.Node(asset.key().toString(), asset.name(), asset.kind().label(), asset.layer().orElse(null),
                    asset.materialization().label(), box.x(), box.y(), box.width(), box.height()));
        }
        List<GraphView.Edge> edges = shapeEdges.stream().map(edge -> new GraphView.Edge(edge.source(), edge.target())).toList();
        List<GraphView.Lane> lanes = layout.lanes().stream().map(lane -> new GraphView.Lane(lane.layer().orElse(null), lane.y(), lane.height())).toList();
        GraphView view = new GraphView(nodes, edges, lanes, layout.width(), layout.height(), layout.layoutMillis());
        last = new Memo(project, selection, view);
        return view;
    }
}
