package io.strata.stack;

import java.time.Instant;
import java.util.Optional;

/** What {@code strata stack status} shows for one process. */
public record ServiceStatus(Service service, Optional<Long> pid, Optional<Integer> port, String version, boolean running,
                            boolean healthy, Optional<Long> residentBytes, Optional<Instant> startedAt) {
}
