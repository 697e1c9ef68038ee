package io.strata.ui.graph;

import io.strata.service.Workspace;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/graph?select=SEL}: the lineage graph laid out for the web page. */
@RestController
public class GraphController {
    /** Distinct graphs kept laid out: the whole project and a few selections. */
    private static final int LAYOUTS_KEPT = 8;

    private final LineageGraph graph;

    public GraphController(Workspace workspace) {
        this.graph = new LineageGraph(workspace, new LayoutCache(new LaneLayout(), LAYOUTS_KEPT));
    }

    @GetMapping("/api/graph")
    public GraphView graph(@RequestParam(name = "select", required = false) String select) {
        return graph.view(select);
    }
}
