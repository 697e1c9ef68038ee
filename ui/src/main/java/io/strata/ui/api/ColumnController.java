package io.strata.ui.api;

import io.strata.api.AssetKey;
import io.strata.lineage.ColumnSources;
import io.strata.lineage.LineageGraph;
import io.strata.service.Workspace;
import io.strata.ui.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Locale;

/**
 * {@code /api/assets/{key}/columns}: an asset's columns and each column's lineage, answered by the workspace's column
 * lineage as {@code strata lineage} and {@code strata ls --columns} are. A source table's two-segment key
 * ({@code erp/customers}) has its own mappings, left out of the OpenAPI document, since a path variable holds one segment.
 */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Assets")
class ColumnController {
    private final Workspace workspace;

    ColumnController(Workspace workspace) {
        this.workspace = workspace;
    }

    @GetMapping("/api/assets/{key}/columns")
    @Operation(summary = "An asset's columns, each with the columns it derives from directly and how",
            description = "columns is null when they are not known (an ingest asset whose schema is inferred when it runs, a model that selects *"
                    + " from such an asset). A source table's key keeps its /: /api/assets/erp/customers/columns.")
    @ApiErrorResponses.NotFound
    @ApiErrorResponses.ProjectErrors
    @ApiResponse(responseCode = "200", description = "The asset's columns")
    AssetColumns columns(@Parameter(description = "The asset's key", example = "revenue") @PathVariable("key") String key) {
        return columnsOf(AssetKey.of(key));
    }

    @GetMapping("/api/assets/{source}/{table}/columns")
    @Operation(hidden = true)
    AssetColumns sourceColumns(@PathVariable("source") String source, @PathVariable("table") String table) {
        return columnsOf(AssetKey.of(source, table));
    }

    @GetMapping("/api/assets/{key}/columns/{column}/lineage")
    @Operation(summary = "Where a column comes from and where it goes: the columns reached and the derivations between them",
            description = "The document strata lineage --output json prints. An unknown asset or column is a 404 naming the closest match."
                    + " A source table's key keeps its /: /api/assets/erp/customers/columns/id/lineage.")
    @ApiErrorResponses.BadRequest
    @ApiErrorResponses.NotFound
    @ApiErrorResponses.ProjectErrors
    @ApiResponse(responseCode = "200", description = "The column's lineage")
    ColumnGraph lineage(@Parameter(description = "The asset's key", example = "revenue") @PathVariable("key") String key,
                        @Parameter(description = "The column's name", example = "id") @PathVariable("column") String column,
                        @Parameter(description = "upstream (what it derives from), downstream (what derives from it) or both")
                        @RequestParam(name = "direction", defaultValue = "both") String direction,
                        @Parameter(description = "Follow at most this many derivations (each crosses one model); all the way when absent")
                        @RequestParam(name = "depth", required = false) Integer depth) {
        return lineageOf(AssetKey.of(key), column, direction, depth);
    }

    @GetMapping("/api/assets/{source}/{table}/columns/{column}/lineage")
    @Operation(hidden = true)
    ColumnGraph sourceLineage(@PathVariable("source") String source, @PathVariable("table") String table, @PathVariable("column") String column,
                              @RequestParam(name = "direction", defaultValue = "both") String direction,
                              @RequestParam(name = "depth", required = false) Integer depth) {
        return lineageOf(AssetKey.of(source, table), column, direction, depth);
    }

    private AssetColumns columnsOf(AssetKey key) {
        // columns(key) first: it refuses an unknown key with the closest one, as strata lineage does.
        ColumnSources sources = workspace.columns(key);
        return AssetColumns.of(workspace.asset(key), sources);
    }

    private ColumnGraph lineageOf(AssetKey key, String column, String direction, Integer depth) {
        LineageGraph.Direction way = switch (direction.toLowerCase(Locale.ROOT)) {
            case "upstream" -> LineageGraph.Direction.UPSTREAM;
            case "downstream" -> LineageGraph.Direction.DOWNSTREAM;
            case "both" -> LineageGraph.Direction.BOTH;
            default -> throw ApiException.badRequest("direction must be upstream, downstream or both, not '" + direction + "'");
        };
        if (depth != null && depth < 1) {
            throw ApiException.badRequest("depth must be 1 or more, not " + depth);
        }
        return ColumnGraph.of(workspace.columnLineage(key, column, way, depth == null ? -1 : depth));
    }
}
