package io.strata.cli;

import io.strata.api.AssetKey;
import io.strata.check.CheckOutcome;
import io.strata.check.CheckResult;
import io.strata.project.Materialization;
import io.strata.project.Relation;
import io.strata.service.BranchDiff;
import io.strata.service.BranchDiff.AssetDiff;
import io.strata.service.BranchDiff.Change;
import io.strata.service.BranchDiff.ColumnChange;
import io.strata.service.BranchDiff.RowChanges;
import io.strata.service.BranchDiff.RowSample;
import io.strata.service.BranchDiff.Status;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code strata diff} prints for a branch's changes: one block per asset, read at a glance. */
class DiffCommandTest {
    @Test
    void eachChangedAssetIsOneBlockWithItsRowsColumnsSamplesAndChecks() {
        Map<String, Object> paidMain = new LinkedHashMap<>(Map.of("id", 2));
        paidMain.put("status", "new");
        Map<String, Object> paidBranch = new LinkedHashMap<>(Map.of("id", 2));
        paidBranch.put("status", "paid");
        AssetDiff orders = new AssetDiff(AssetKey.of("orders"), new Relation("silver", "orders"), Status.CHANGED, Materialization.TABLE,
                List.of(new ColumnChange("channel", Optional.empty(), Optional.of("varchar")),
                        new ColumnChange("note", Optional.of("varchar"), Optional.empty()),
                        new ColumnChange("amount", Optional.of("varchar"), Optional.of("bigint"))),
                OptionalLong.of(1204), OptionalLong.of(1210),
                Optional.of(new RowChanges(List.of("id"), 8, 2, 5, List.of(new RowSample(Change.CHANGED, paidMain, paidBranch)))),
                List.of(new CheckResult("not_null_orders_status", AssetKey.of("orders"), CheckOutcome.PASS, 0, List.of(), "select 1", Optional.empty())));
        AssetDiff events = new AssetDiff(AssetKey.of("events"), new Relation("silver", "events"), Status.CHANGED, Materialization.TABLE, List.of(),
                OptionalLong.of(3), OptionalLong.of(4), Optional.of(new RowChanges(List.of(), 2, 1, 0, List.of())), List.of());
        AssetDiff added = new AssetDiff(AssetKey.of("added"), new Relation("gold", "added"), Status.NEW, Materialization.VIEW, List.of(),
                OptionalLong.empty(), OptionalLong.of(1), Optional.empty(), List.of());
        StringWriter text = new StringWriter();

        DiffCommand.print(new PrintWriter(text), new BranchDiff("dev", List.of(orders, events, added)));

        assertThat(text.toString()).isEqualTo("""
                CHANGED silver.orders  rows 1,204 -> 1,210  +8 -2 ~5 (key id)
                  + column channel varchar
                  - column note
                  ~ column amount varchar -> bigint
                  ~ id=2: status new -> paid
                  PASS not_null_orders_status
                CHANGED silver.events  rows 3 -> 4  +2 -1 ~0 (whole rows)
                NEW     gold.added  rows 1 (view)
                3 assets changed on dev against main
                """);
    }

    @Test
    void aBranchThatChangedNothingSaysSo() {
        StringWriter text = new StringWriter();

        DiffCommand.print(new PrintWriter(text), new BranchDiff("dev", List.of()));

        assertThat(text.toString()).isEqualTo("Branch dev changes no selected asset against main\n");
    }

    @Test
    void theJsonNamesEveryField() {
        AssetDiff removed = new AssetDiff(AssetKey.of("gone"), new Relation("silver", "gone"), Status.REMOVED, Materialization.TABLE, List.of(),
                OptionalLong.of(3), OptionalLong.empty(), Optional.empty(), List.of());

        Map<String, Object> json = DiffCommand.describe(new BranchDiff("dev", List.of(removed)));

        assertThat(json).containsEntry("branch", "dev");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> assets = (List<Map<String, Object>>) json.get("assets");
        assertThat(assets).singleElement().satisfies(asset -> assertThat(asset)
                .containsEntry("status", "REMOVED").containsEntry("main_rows", 3L).containsEntry("branch_rows", null).containsEntry("rows", null));
    }
}
