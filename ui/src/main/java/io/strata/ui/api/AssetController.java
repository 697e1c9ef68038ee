package io.strata.ui.api;

import io.strata.api.AssetKey;
import io.strata.compile.CompiledProject;
import io.strata.graph.Asset;
import io.strata.run.RunStore;
import io.strata.select.Selector;
import io.strata.service.Workspace;
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

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /api/assets}: the project's assets, as the lineage graph and the asset page show them. */
@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Assets", description = "The project's assets: the lineage graph and each asset's page")
class AssetController {
    private final Workspace workspace;

    AssetController(Workspace workspace) {
        this.workspace = workspace;
    }

    @GetMapping("/api/assets")
    @Operation(summary = "The selected assets (all by default), in dependency order, with their neighbours and latest status")
    @ApiErrorResponses.BadRequest
    @ApiErrorResponses.ProjectErrors
    @ApiResponse(responseCode = "200", description = "The selected assets")
    List<AssetSummary> assets(
            @Parameter(description = "Assets to include, in the selector syntax of strata -s (space = union, comma = intersection)",
                    example = "+revenue")
            @RequestParam(name = "select", required = false) String select,
            @Parameter(description = "Assets to leave out, in the same syntax")
            @RequestParam(name = "exclude", required = false) String exclude) {
        List<Asset> selected = workspace.assets(Selector.parse(select, exclude));
        CompiledProject project = workspace.compile();
        Map<String, RunStore.AssetStatusRecord> statuses = workspace.assetStatuses();
        return selected.stream().map(asset -> AssetSummary.of(asset, project.graph(), statuses)).toList();
    }

    @GetMapping("/api/assets/{*key}")
    @Operation(summary = "One asset: its definition, SQL, columns, checks with their latest results, and its latest materializations",
            description = "The key's segments are path segments: /api/assets/orders, /api/assets/erp/customers for a source table.")
    @ApiErrorResponses.NotFound
    @ApiErrorResponses.ProjectErrors
    @ApiResponse(responseCode = "200", description = "The asset")
    AssetDetail asset(@Parameter(description = "The asset's key, segments joined by /", example = "orders") @PathVariable("key") String key) {
        AssetKey assetKey = AssetKey.parse(key.startsWith("/") ? key.substring(1) : key);
        Asset asset = workspace.asset(assetKey);
        List<RunStore.AssetHistoryRecord> history = workspace.history(assetKey, AssetDetail.HISTORY);
        // The page shows a model's SQL file as written; a YAML declaration is not read for it.
        Optional<String> source = asset.path().endsWith(".sql") ? workspace.source(asset) : Optional.empty();
        return AssetDetail.of(asset, workspace.compile().graph(), workspace.assetStatuses(), source, history, workspace.latestChecks(assetKey));
    }
}
