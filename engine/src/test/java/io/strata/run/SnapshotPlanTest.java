package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.compile.CompiledProject;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.InstantEngine;
import io.strata.lake.RelationState;
import io.strata.project.Relation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A snapshot is planned on every run that selects it, and what reads it after it. */
class SnapshotPlanTest {
    @TempDir
    Path root;

    @Test
    void aSelectedSnapshotIsAlwaysBuiltWhereATableWithTheSameStateIsNot() {
        TestProject project = TestProject.in(root)
                .file("models/orders.sql", "{{ config(materialized='table') }} select 1 as id, 'open' as status")
                .file("snapshots/orders.sql", """
                        {% snapshot orders_snapshot %}
                        {{ config(unique_key='id', strategy='check', check_cols=['status']) }}
                        select * from {{ ref('orders') }}
                        {% endsnapshot %}
                        """)
                .file("models/open_orders.sql", "{{ config(materialized='table') }} select id from {{ ref('orders_snapshot') }} where dbt_valid_to is null");
        // Every table exists on main with a fingerprint no asset has: tables are CHANGED, never NEW.
        InstantEngine engine = new InstantEngine() {
            @Override
            public Optional<RelationState> state(String branch, Relation relation) {
                return Optional.of(new RelationState("v1", Optional.of("recorded")));
            }
        };
        try (Compiler compiler = project.compiler()) {
            CompiledProject compiled = compiler.compile();
            List<AssetKey> selected = compiled.graph().topologicalOrder();

            Plan plan = Planner.plan(compiler, compiled, selected, engine, false);

            assertThat(plan.steps()).extracting(step -> step.key().toString() + " " + step.reason()).containsExactly(
                    "orders CHANGED", "orders_snapshot ALWAYS", "open_orders UPSTREAM");
        }
    }
}
