package io.strata.run;

import io.strata.api.AssetKey;
import io.strata.project.Materialization;

import java.util.List;

/** What a run of a selection would do on main's current data, asset by asset, and why. */
public record Plan(List<Step> steps) {
    public Plan {
        steps = List.copyOf(steps);
    }

    /** Why an asset would be built, or not. */
    public enum Reason {
        /** Its relation does not exist on main yet. */
        NEW,
        /** Its SQL, configuration or seed file changed since it was last built and tested. */
        CHANGED,
        /** An asset it reads is built first; it is built again when that one's data changes. */
        UPSTREAM,
        /** Unchanged SQL and inputs: not built, its recorded data is what the SQL would make. */
        UP_TO_DATE,
        /** Built every run: a snapshot, SQL that reads the clock or a random source, or an input whose version is unknown. */
        ALWAYS,
        /** Built because {@code --rebuild} or {@code --full-refresh} asks for every selected asset. */
        REBUILD,
        /**
         * An ingest or Java asset: its builder reads what is new since the last run (files not yet ingested). What
         * reads it is planned on main's current data, as if nothing new arrived.
         */
        NEW_INPUT,
        /** A source: only its checks run. */
        CHECKS_ONLY,
        /** An ephemeral model: inlined where it is used, never built. */
        INLINED
    }

    /** One asset of the plan. */
    public record Step(AssetKey key, String kind, Materialization materialization, Reason reason) {
        /** Whether the run would build it (or run its builder). */
        public boolean builds() {
            return switch (reason) {
                case NEW, CHANGED, UPSTREAM, ALWAYS, REBUILD, NEW_INPUT -> true;
                case UP_TO_DATE, CHECKS_ONLY, INLINED -> false;
            };
        }
    }
}
