package io.strata.schedule;

import io.strata.api.AssetKey;
import io.strata.project.Location;

import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A run on new data, declared under {@code sensors:} in the project file: every {@code every} it looks at the source of
 * the ingest asset it watches and, when that holds files or objects main has not ingested yet, materializes its
 * selection; with {@code freshness}, it also fires when the watched asset was last built longer ago than that.
 */
public record Sensor(String name, AssetKey watch, Duration every, String select, Optional<Duration> freshness, boolean enabled,
                     Location location) {
    public Sensor {
        requireNonNull(name, "name");
        requireNonNull(watch, "watch");
        requireNonNull(every, "every");
        requireNonNull(select, "select");
        requireNonNull(freshness, "freshness");
        requireNonNull(location, "location");
    }

    /** The trigger its runs are recorded with. */
    public String trigger() {
        return "sensor:" + name;
    }
}
