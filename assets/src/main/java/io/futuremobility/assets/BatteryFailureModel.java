package io.futuremobility.assets;

import io.futuremobility.assets.BatteryHistory.Row;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The probability that a connected car needs a battery-related service within the next {@code horizonDays}, from
 * its telemetry and workshop log: a logistic regression (Tribuo, stochastic gradient descent) over the features of
 * {@link BatteryFeature}, one prediction per vehicle from its latest reading.
 *
 * <p>The AUC is honest: a quarter of the vehicles, drawn from the seed, are held out of training, so the model is
 * measured on cars it never saw. The same readings, services and seed give the same outcome on every machine.
 */
public final class BatteryFailureModel {
    private static final Set<String> BATTERY_SERVICES = Set.of("battery_check", "battery_replacement");
    private static final double HOLDOUT_SHARE = 0.25;
    private static final int EPOCHS = 20;
    private static final int MAX_REASONS = 3;
    private static final int NO_LOGGING = -1;
    private static final Label SERVICE = new Label("battery_service");
    private static final Label NO_SERVICE = new Label("no_battery_service");
    private static final String[] FEATURE_NAMES = Arrays.stream(BatteryFeature.values()).map(BatteryFeature::column).toArray(String[]::new);

    /** A telemetry reading of one car; {@code errorCodes} are the diagnostic codes it reported. */
    public record Reading(String vin, Instant recordedAt, double batteryHealthPct, double odometerKm, List<String> errorCodes) {
        public Reading {
            requireNonNull(vin, "vin");
            requireNonNull(recordedAt, "recordedAt");
            errorCodes = List.copyOf(errorCodes);
        }
    }

    /** A workshop visit of one car, as its maintenance log records it. */
    public record Service(String vin, LocalDate date, String type) {
        public Service {
            requireNonNull(vin, "vin");
            requireNonNull(date, "date");
            requireNonNull(type, "type");
        }
    }

    /** The risk of one car from its latest reading, and the features that raise it most, in words. */
    public record Prediction(String vin, double probability, String topReasons) {
        public Prediction {
            requireNonNull(vin, "vin");
            requireNonNull(topReasons, "topReasons");
        }
    }

    /** A held-out reading: whether a battery service followed within the horizon, and the probability the model gave. */
    public record Scored(String vin, Instant recordedAt, boolean label, double probability) {
        public Scored {
            requireNonNull(vin, "vin");
            requireNonNull(recordedAt, "recordedAt");
        }
    }

    /** The predictions, highest risk first; the held-out readings with their AUC; and how many labeled rows each side had. */
    public record Outcome(List<Prediction> predictions, List<Scored> holdout, double auc, int trainingRows, int holdoutRows) {
        public Outcome {
            predictions = List.copyOf(predictions);
            holdout = List.copyOf(holdout);
        }
    }

    private BatteryFailureModel() {
    }

    /** Whether a workshop service is about the battery: the event the model predicts. */
    public static boolean batteryRelated(String serviceType) {
        return BATTERY_SERVICES.contains(serviceType);
    }

    /**
     * Trains on the labeled readings of three quarters of the vehicles, scores the labeled readings of the others,
     * and predicts every vehicle's risk from its latest reading (labeled or not).
     *
     * @throws IllegalArgumentException when the training readings are all of one kind (all followed by a battery
     *         service, or none), which leaves nothing to learn
     */
    public static Outcome train(List<Reading> readings, List<Service> services, int horizonDays, long seed) {
        List<Row> rows = BatteryHistory.rows(readings, services, horizonDays);
        Set<String> heldOut = heldOut(rows, seed);
        List<Row> training = rows.stream().filter(row -> row.labeled() && !heldOut.contains(row.vin())).toList();
        List<Row> holdout = rows.stream().filter(row -> row.labeled() && heldOut.contains(row.vin())).toList();
        long positives = training.stream().filter(Row::label).count();
        if (positives == 0 || positives == training.size()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "cannot train the battery failure model: %d of %d training readings are followed by a "
                    + "battery service within %d days; it needs some that are and some that are not (more history, or a shorter horizon)",
                    positives, training.size(), horizonDays));
        }
        Standardization standardization = Standardization.of(training.stream().map(Row::features).toList());
        LinearSGDModel model = fit(training, standardization, seed);
        double[] push = push(model);

        List<Scored> scored = holdout.stream()
                .map(row -> new Scored(row.vin(), row.recordedAt(), row.label(), probability(model, standardization.apply(row.features()))))
                .toList();
        List<Prediction> predictions = rows.stream().filter(Row::latest).map(row -> {
            double[] standardized = standardization.apply(row.features());
            return new Prediction(row.vin(), probability(model, standardized), reasons(row, standardized, push));
        }).sorted(Comparator.comparingDouble(Prediction::probability).reversed().thenComparing(Prediction::vin)).toList();
        return new Outcome(predictions, scored, auc(scored), training.size(), holdout.size());
    }

    /**
     * The ROC AUC of the scores: the chance that a reading followed by a battery service scores higher than one that
     * is not (Mann–Whitney U, ties counted half); NaN when the readings are all of one kind.
     */
    public static double auc(List<Scored> scored) {
        List<Scored> ascending = scored.stream().sorted(Comparator.comparingDouble(Scored::probability)).toList();
        double positiveRanks = 0;
        long positives = 0;
        int index = 0;
        while (index < ascending.size()) {
            int end = index;
            while (end < ascending.size() && ascending.get(end).probability() == ascending.get(index).probability()) {
                end++;
            }
            double averageRank = (index + 1 + end) / 2.0;
            for (int tied = index; tied < end; tied++) {
                if (ascending.get(tied).label()) {
                    positiveRanks += averageRank;
                    positives++;
                }
            }
            index = end;
        }
        long negatives = ascending.size() - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRanks - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    private static Set<String> heldOut(List<Row> rows, long seed) {
        List<String> vins = rows.stream().map(Row::vin).distinct().sorted().collect(Collectors.toCollection(ArrayList::new));
        Collections.shuffle(vins, new Random(seed));
        return new HashSet<>(vins.subList(0, (int) Math.round(vins.size() * HOLDOUT_SHARE)));
    }

    private static LinearSGDModel fit(List<Row> training, Standardization standardization, long seed) {
        LabelFactory labels = new LabelFactory();
        // A fixed creation time keeps the dataset's provenance, and so the whole model, the same from run to run.
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("vehicle telemetry",
                OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), labels), labels);
        for (Row row : training) {
            dataset.add(new ArrayExample<>(row.label() ? SERVICE : NO_SERVICE, FEATURE_NAMES, standardization.apply(row.features())));
        }
        return (LinearSGDModel) new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5, 0.1), EPOCHS, NO_LOGGING, 1, seed).train(dataset);
    }

    private static double probability(LinearSGDModel model, double[] standardized) {
        Example<Label> example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, FEATURE_NAMES, standardized);
        return model.predict(example).getOutputScores().get(SERVICE.getLabel()).getScore();
    }

    /** How much one standardized unit of each feature moves the log-odds toward a battery service. */
    private static double[] push(LinearSGDModel model) {
        Map<String, Map<String, Double>> weights = model.getTopFeatures(-1).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().stream()
                        .collect(Collectors.toMap(pair -> pair.getA(), pair -> pair.getB()))));
        double[] push = new double[FEATURE_NAMES.length];
        for (int feature = 0; feature < FEATURE_NAMES.length; feature++) {
            push[feature] = weights.get(SERVICE.getLabel()).getOrDefault(FEATURE_NAMES[feature], 0.0)
                    - weights.get(NO_SERVICE.getLabel()).getOrDefault(FEATURE_NAMES[feature], 0.0);
        }
        return push;
    }

    private static String reasons(Row row, double[] standardized, double[] push) {
        String reasons = Arrays.stream(BatteryFeature.values())
                .filter(feature -> push[feature.ordinal()] * standardized[feature.ordinal()] > 0)
                .sorted(Comparator.comparingDouble((BatteryFeature feature) -> push[feature.ordinal()] * standardized[feature.ordinal()]).reversed())
                .limit(MAX_REASONS)
                .map(feature -> feature.describe(row.feature(feature)))
                .collect(Collectors.joining(", "));
        return reasons.isEmpty() ? "no risk factor above average" : reasons;
    }
}
