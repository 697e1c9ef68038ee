package io.strata.service;

import io.strata.run.RunStore;

import java.util.List;

/** One run as the run store recorded it: the run, each asset, each check, and its log of events. */
public record RunDetail(RunStore.RunSummary run, List<RunStore.MaterializationRecord> assets, List<RunStore.CheckRecord> checks,
                        List<RunStore.EventRecord> events) {
    public RunDetail {
        assets = List.copyOf(assets);
        checks = List.copyOf(checks);
        events = List.copyOf(events);
    }
}
