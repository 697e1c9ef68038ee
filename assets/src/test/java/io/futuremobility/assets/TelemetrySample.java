package io.futuremobility.assets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.futuremobility.assets.BatteryFailureModel.Reading;
import io.futuremobility.assets.BatteryFailureModel.Service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The committed telemetry sample (examples/futuremobility/data/telemetry) as readings and services, read the way
 * bronze and silver do: malformed lines skipped, miles converted to km, the nested maintenance logs flattened and
 * de-duplicated by vehicle, date and type (each month's log repeats nothing, but silver's {@code distinct} does this too).
 */
record TelemetrySample(List<Reading> readings, List<Service> services) {
    private static final double KM_PER_MILE = 1.609344;
    private static final ObjectMapper JSON = new ObjectMapper();

    static TelemetrySample load() throws IOException {
        List<Reading> readings = new ArrayList<>();
        Set<Service> services = new LinkedHashSet<>();
        List<Path> files;
        try (Stream<Path> listed = Files.list(directory())) {
            files = listed.filter(file -> file.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                JsonNode record;
                try {
                    record = JSON.readTree(line);
                } catch (JsonProcessingException malformed) {
                    continue;
                }
                String vin = record.path("vin").asText();
                JsonNode odometerKm = record.path("odometer_km");
                double odometer = odometerKm.isNumber() ? odometerKm.asDouble() : record.path("odometer_mi").asDouble() * KM_PER_MILE;
                List<String> errorCodes = new ArrayList<>();
                record.path("error_codes").forEach(code -> errorCodes.add(code.asText()));
                readings.add(new Reading(vin, Instant.parse(record.path("recorded_at").asText()), record.path("battery_health_pct").asDouble(), odometer,
                        errorCodes));
                for (JsonNode service : record.path("maintenance_log")) {
                    services.add(new Service(vin, LocalDate.parse(service.path("date").asText()), service.path("type").asText()));
                }
            }
        }
        return new TelemetrySample(List.copyOf(readings), List.copyOf(services));
    }

    /** Tests run in the module's directory; the sample lives at the repository root. */
    private static Path directory() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            Path telemetry = directory.resolve("examples/futuremobility/data/telemetry");
            if (Files.isDirectory(telemetry)) {
                return telemetry;
            }
        }
        throw new IllegalStateException("examples/futuremobility/data/telemetry not found above " + Path.of("").toAbsolutePath());
    }
}
