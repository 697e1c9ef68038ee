package io.strata.compile;

import java.util.LinkedHashMap;
import java.util.Map;

/** Times the phases of a compilation, one lap each. */
final class PhaseClock {
    private final Map<String, Double> phases = new LinkedHashMap<>();
    private long last;

    PhaseClock(long startNanos) {
        this.last = startNanos;
    }

    void lap(String phase) {
        long now = System.nanoTime();
        phases.merge(phase, (now - last) / 1e6, Double::sum);
        last = now;
    }

    Map<String, Double> phases() {
        return phases;
    }
}
