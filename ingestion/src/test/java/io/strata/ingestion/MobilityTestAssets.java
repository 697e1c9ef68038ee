package io.strata.ingestion;

import java.util.List;
import java.util.Map;

/** A Java-declared ingest asset for the test project named "mobility" (registered for ServiceLoader in test resources). */
public final class MobilityTestAssets implements IngestAssets {
    @Override
    public String project() {
        return "mobility";
    }

    @Override
    public List<IngestAsset> assets() {
        return List.of(IngestAsset.named("meter_log")
                .description("key=value meter lines")
                .layer("raw")
                .source("data/meters/*.log")
                .lines(line -> {
                    if (!line.contains("=")) {
                        throw new IngestAsset.Reject("no key=value pairs");
                    }
                    return Map.of("meter", line.split("=", 2)[1].strip());
                })
                .column("meter", "string", "not_null", "unique")
                .maxRejects("2")
                .tags("meters")
                .build());
    }
}
