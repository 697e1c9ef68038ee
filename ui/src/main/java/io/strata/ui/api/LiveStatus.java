package io.strata.ui.api;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * What the lineage page polls to colour the graph while runs go: every asset's latest status, and the runs going now.
 *
 * @param assets by asset key; an asset no recent run touched is absent
 * @param running the ids of the runs that have not ended, newest first
 */
@Schema(description = "Every asset's latest status and the runs going now: the cheap call the lineage page polls.")
public record LiveStatus(Map<String, AssetStatus> assets, List<String> running) {
}
