package io.futuremobility.assets;

import io.futuremobility.assets.BatteryFailureModel.Reading;
import io.futuremobility.assets.BatteryFailureModel.Service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The features and the label of every reading, each computed from its own vehicle's history.
 *
 * <p>No leakage: the features of a reading at time t see only the readings up to t and the services dated on or
 * before t's day; only the label looks ahead, at the services in (t, t + horizon]. A reading whose horizon ends
 * after the last reading of the data is unlabeled, since a service in its horizon may not be logged yet.
 */
final class BatteryHistory {
    /** Hybrid/EV battery system codes: battery pack deterioration, battery pack sensor, battery voltage system. */
    static final Set<String> BATTERY_ERROR_CODES = Set.of("P0A80", "P0AA6", "P0C78");

    private static final int TREND_READINGS = 4;
    private static final int RECENT_READINGS = 3;

    /** One reading as the model sees it; {@code label} is empty for a reading whose horizon is not over yet. */
    record Row(String vin, Instant recordedAt, double[] features, Boolean label, boolean latest) {
        Row {
            requireNonNull(vin, "vin");
            requireNonNull(recordedAt, "recordedAt");
            features = features.clone();
        }

        boolean labeled() {
            return label != null;
        }

        @Override
        public double[] features() {
            return features.clone();
        }

        double feature(BatteryFeature feature) {
            return features[feature.ordinal()];
        }
    }

    private BatteryHistory() {
    }

    /** One row per reading, grouped by vin in vin order, each vehicle's rows in time order. */
    static List<Row> rows(List<Reading> readings, List<Service> services, int horizonDays) {
        if (horizonDays < 1) {
            throw new IllegalArgumentException("the horizon must be one day or more, found " + horizonDays);
        }
        Map<String, List<Reading>> readingsByVin = new TreeMap<>();
        for (Reading reading : readings) {
            readingsByVin.computeIfAbsent(reading.vin(), vin -> new ArrayList<>()).add(reading);
        }
        Map<String, List<Service>> servicesByVin = new TreeMap<>();
        for (Service service : new LinkedHashSet<>(services)) {
            servicesByVin.computeIfAbsent(service.vin(), vin -> new ArrayList<>()).add(service);
        }
        LocalDate lastDay = readings.stream().map(reading -> day(reading.recordedAt())).max(Comparator.naturalOrder()).orElse(LocalDate.MIN);
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<Reading>> vehicle : readingsByVin.entrySet()) {
            List<Reading> history = vehicle.getValue().stream().sorted(Comparator.comparing(Reading::recordedAt)).toList();
            List<Service> log = servicesByVin.getOrDefault(vehicle.getKey(), List.of()).stream().sorted(Comparator.comparing(Service::date)).toList();
            for (int index = 0; index < history.size(); index++) {
                Reading reading = history.get(index);
                LocalDate day = day(reading.recordedAt());
                LocalDate horizonEnd = day.plusDays(horizonDays);
                Boolean label = horizonEnd.isAfter(lastDay) ? null
                        : log.stream().anyMatch(service -> BatteryFailureModel.batteryRelated(service.type()) && service.date().isAfter(day)
                                && !service.date().isAfter(horizonEnd));
                rows.add(new Row(reading.vin(), reading.recordedAt(), features(history.subList(0, index + 1), log, day), label,
                        index == history.size() - 1));
            }
        }
        return rows;
    }

    private static double[] features(List<Reading> history, List<Service> log, LocalDate day) {
        Reading reading = history.getLast();
        List<Reading> recent = history.subList(Math.max(0, history.size() - RECENT_READINGS), history.size());
        List<Service> serviced = log.stream().filter(service -> !service.date().isAfter(day)).toList();
        double[] features = new double[BatteryFeature.values().length];
        for (BatteryFeature feature : BatteryFeature.values()) {
            features[feature.ordinal()] = switch (feature) {
                case BATTERY_HEALTH -> reading.batteryHealthPct();
                case BATTERY_TREND -> trend(history.subList(Math.max(0, history.size() - TREND_READINGS), history.size()));
                case BATTERY_ERROR_CODES -> recent.stream().flatMap(each -> each.errorCodes().stream()).filter(BATTERY_ERROR_CODES::contains).count();
                case ERROR_CODES -> recent.stream().mapToInt(each -> each.errorCodes().size()).sum();
                case ODOMETER -> reading.odometerKm() / 1000;
                case DAYS_SINCE_SERVICE -> serviced.isEmpty() ? BatteryFeature.NO_RECENT_SERVICE_DAYS
                        : Math.min(BatteryFeature.NO_RECENT_SERVICE_DAYS, ChronoUnit.DAYS.between(serviced.getLast().date(), day));
                case SERVICES -> serviced.size();
            };
        }
        return features;
    }

    /** Least-squares slope of battery health over the readings, in percentage points per 30 days; 0 for one reading. */
    static double trend(List<Reading> readings) {
        Instant origin = readings.getFirst().recordedAt();
        double[] months = readings.stream().mapToDouble(reading -> Duration.between(origin, reading.recordedAt()).toSeconds() / 86400.0 / 30).toArray();
        double meanMonth = Arrays.stream(months).average().orElse(0);
        double meanHealth = readings.stream().mapToDouble(Reading::batteryHealthPct).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (int index = 0; index < months.length; index++) {
            covariance += (months[index] - meanMonth) * (readings.get(index).batteryHealthPct() - meanHealth);
            variance += (months[index] - meanMonth) * (months[index] - meanMonth);
        }
        return variance == 0 ? 0 : covariance / variance;
    }

    private static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
