package io.futuremobility.assets;

import io.strata.api.AssetCheck;
import io.strata.api.AssetContext;
import io.strata.api.AssetDefinitions;
import io.strata.api.AssetResult;
import io.strata.api.AssetSpec;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gold.battery_failure_risk}: per connected car, the probability of a battery check or replacement within the
 * next {@code battery_failure_horizon_days} (a project variable, 90), learned from the telemetry and the workshop log
 * with {@link BatteryFailureModel}. Next to it, {@code gold.battery_failure_risk_holdout} keeps the held-out readings
 * with their outcome and the probability the model gave them, and the check {@code battery_model_auc} measures the
 * model on them: a training that learned nothing fails the run, and main keeps the previous predictions.
 */
public final class BatteryFailureRisk implements AssetDefinitions {
    /** Below this AUC on cars the model never saw, its predictions are not worth publishing. */
    static final double LEAST_AUC = 0.7;
    private static final long SEED = 42;

    @Override
    public Optional<String> project() {
        return Optional.of("futuremobility");
    }

    @Override
    public List<AssetSpec> assets() {
        return List.of(AssetSpec.builder("battery_failure_risk")
                .deps("vehicle_health", "vehicle_maintenance")
                .layer("gold")
                .tags("ml", "gold")
                .description("Per connected car, the probability of a battery check or replacement within the horizon and the features "
                        + "that raise it most; a logistic regression (Tribuo) trained on silver telemetry and the workshop log.")
                .codeVersion("1")
                .alsoProduces("battery_failure_risk_holdout")
                .compute(BatteryFailureRisk::train)
                .check(new AssetCheck("battery_model_auc", AssetCheck.Severity.ERROR, BatteryFailureRisk::auc))
                .build());
    }

    private static AssetResult train(AssetContext context) {
        List<Map<String, Object>> rows = context.tables().read("vehicle_health");
        List<BatteryFailureModel.Reading> readings = rows.stream()
                .filter(row -> row.get("battery_health_pct") != null && row.get("odometer_km") != null)
                .map(row -> new BatteryFailureModel.Reading((String) row.get("vin"), instant(row.get("recorded_at")),
                        number(row.get("battery_health_pct")), number(row.get("odometer_km")), codes(row.get("error_codes"))))
                .toList();
        List<BatteryFailureModel.Service> services = context.tables().read("vehicle_maintenance").stream()
                .map(row -> new BatteryFailureModel.Service((String) row.get("vin"), (LocalDate) row.get("service_date"), (String) row.get("service_type")))
                .toList();
        int horizon = ((Number) context.vars().getOrDefault("battery_failure_horizon_days", 90)).intValue();

        BatteryFailureModel.Outcome outcome = BatteryFailureModel.train(readings, services, horizon, SEED);

        context.tables().overwrite("battery_failure_risk", BatteryFailureModel.Prediction.class, outcome.predictions());
        context.tables().overwrite("battery_failure_risk_holdout", BatteryFailureModel.Scored.class, outcome.holdout());
        context.log(String.format(Locale.ROOT, "trained on %d readings, AUC %.3f on %d readings of held-out cars (horizon %d days);"
                        + " %d readings without battery health or odometer left out", outcome.trainingRows(), outcome.auc(), outcome.holdoutRows(),
                horizon, rows.size() - readings.size()));
        return AssetResult.rows(outcome.predictions().size())
                .with("training_rows", outcome.trainingRows())
                .with("holdout_rows", outcome.holdoutRows())
                .with("holdout_auc", Math.round(outcome.auc() * 1000) / 1000.0)
                .with("model", "logistic regression (Tribuo), horizon " + horizon + " days");
    }

    /** The AUC of the held-out readings as written on the branch, so the check measures what the run would publish. */
    private static AssetCheck.Result auc(AssetContext context) {
        List<BatteryFailureModel.Scored> scored = context.tables().read("battery_failure_risk_holdout").stream()
                .map(row -> new BatteryFailureModel.Scored((String) row.get("vin"), instant(row.get("recorded_at")),
                        (Boolean) row.get("label"), number(row.get("probability"))))
                .toList();
        double auc = BatteryFailureModel.auc(scored);
        String measured = String.format(Locale.ROOT, "AUC %.3f on %d held-out readings (at least %.2f)", auc, scored.size(), LEAST_AUC);
        return auc >= LEAST_AUC ? AssetCheck.Result.passed(measured) : AssetCheck.Result.failed(1, measured);
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case OffsetDateTime offset -> offset.toInstant();
            case Instant instant -> instant;
            default -> throw new IllegalArgumentException("expected a timestamp with time zone, found " + value);
        };
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static List<String> codes(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }
}
