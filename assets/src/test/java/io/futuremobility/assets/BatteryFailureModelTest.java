package io.futuremobility.assets;

import io.futuremobility.assets.BatteryFailureModel.Outcome;
import io.futuremobility.assets.BatteryFailureModel.Prediction;
import io.futuremobility.assets.BatteryFailureModel.Reading;
import io.futuremobility.assets.BatteryFailureModel.Scored;
import io.futuremobility.assets.BatteryFailureModel.Service;
import io.futuremobility.assets.BatteryHistory.Row;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The battery failure model: its labels look ahead and nothing else does, and its AUC tells signal from noise. */
class BatteryFailureModelTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 31);
    private static final int HORIZON = 90;

    @Test
    void theAucOfAPerfectRankingIsOneOfAnInvertedOneZeroAndOfTiesOneHalf() {
        assertThat(BatteryFailureModel.auc(List.of(scored(true, 0.9), scored(true, 0.7), scored(false, 0.3), scored(false, 0.1)))).isEqualTo(1.0);
        assertThat(BatteryFailureModel.auc(List.of(scored(true, 0.1), scored(true, 0.3), scored(false, 0.7), scored(false, 0.9)))).isEqualTo(0.0);
        assertThat(BatteryFailureModel.auc(List.of(scored(true, 0.5), scored(false, 0.5), scored(true, 0.5), scored(false, 0.5)))).isEqualTo(0.5);
    }

    @Test
    void theAucCountsPairsRankedRightAndTiedPairsAsHalf() {
        // Pairs (positive, negative): 0.8>0.6, 0.8>0.2, 0.4<0.6, 0.4>0.2: three of four.
        assertThat(BatteryFailureModel.auc(List.of(scored(true, 0.8), scored(false, 0.6), scored(true, 0.4), scored(false, 0.2)))).isEqualTo(0.75);
        // Pairs: 0.6>0.4 and 0.6=0.6: one and a half of two.
        assertThat(BatteryFailureModel.auc(List.of(scored(true, 0.6), scored(false, 0.6), scored(false, 0.4)))).isEqualTo(0.75);
    }

    @Test
    void theAucOfReadingsAllOfOneKindIsUndefined() {
        assertThat(BatteryFailureModel.auc(List.of(scored(true, 0.8), scored(true, 0.2)))).isNaN();
        assertThat(BatteryFailureModel.auc(List.of())).isNaN();
    }

    @Test
    void onlyBatteryChecksAndReplacementsAreBatteryServices() {
        assertThat(BatteryFailureModel.batteryRelated("battery_check")).isTrue();
        assertThat(BatteryFailureModel.batteryRelated("battery_replacement")).isTrue();
        assertThat(BatteryFailureModel.batteryRelated("brake_service")).isFalse();
        assertThat(BatteryFailureModel.batteryRelated("annual_inspection")).isFalse();
    }

    @Test
    void aBatteryServiceWithinTheHorizonLabelsTheReadingAndOneAfterItDoesNot() {
        List<Reading> readings = monthlyReadings("ERXX1", 8, 95, 0.1);
        LocalDate first = START;

        assertThat(firstLabel(readings, List.of(new Service("ERXX1", first.plusDays(HORIZON), "battery_check")))).isTrue();
        assertThat(firstLabel(readings, List.of(new Service("ERXX1", first.plusDays(1), "battery_replacement")))).isTrue();
        assertThat(firstLabel(readings, List.of(new Service("ERXX1", first.plusDays(HORIZON + 1), "battery_check")))).isFalse();
        assertThat(firstLabel(readings, List.of(new Service("ERXX1", first, "battery_check")))).as("a service the reading already logged").isFalse();
        assertThat(firstLabel(readings, List.of(new Service("ERXX1", first.plusDays(10), "brake_service")))).as("not a battery service").isFalse();
        assertThat(firstLabel(readings, List.of(new Service("ERXX2", first.plusDays(10), "battery_check")))).as("another car's service").isFalse();
    }

    @Test
    void aReadingWhoseHorizonOutlastsTheDataIsUnlabeled() {
        List<Row> rows = BatteryHistory.rows(monthlyReadings("ERXX1", 8, 95, 0.1), List.of(), HORIZON);

        // Readings at the end of months 1..8: the ones within 90 days of the last are not labeled.
        assertThat(rows).extracting(Row::labeled).containsExactly(true, true, true, true, true, false, false, false);
    }

    @Test
    void theFeaturesOfAReadingIgnoreEverythingAfterIt() {
        List<Reading> readings = monthlyReadings("ERXX1", 10, 95, 0.8);
        List<Service> services = List.of(new Service("ERXX1", START.plusMonths(2).withDayOfMonth(10), "tyre_rotation"),
                new Service("ERXX1", START.plusMonths(6).withDayOfMonth(10), "battery_check"));
        List<Reading> untilFourth = readings.subList(0, 4);
        List<Service> servicesUntilFourth = services.subList(0, 1);

        List<Row> all = BatteryHistory.rows(readings, services, HORIZON);
        List<Row> truncated = BatteryHistory.rows(untilFourth, servicesUntilFourth, HORIZON);

        for (int index = 0; index < untilFourth.size(); index++) {
            assertThat(all.get(index).features()).containsExactly(truncated.get(index).features());
        }
        assertThat(all.get(3).feature(BatteryFeature.SERVICES)).isEqualTo(1);
        assertThat(all.get(3).feature(BatteryFeature.DAYS_SINCE_SERVICE))
                .isEqualTo(ChronoUnit.DAYS.between(START.plusMonths(2).withDayOfMonth(10), START.plusMonths(3).withDayOfMonth(30)));
        assertThat(all.get(0).feature(BatteryFeature.DAYS_SINCE_SERVICE)).isEqualTo(BatteryFeature.NO_RECENT_SERVICE_DAYS);
    }

    @Test
    void theTrendIsTheSlopeOfTheLastFourReadingsPerThirtyDays() {
        List<Reading> readings = List.of(reading("ERXX1", 0, 99.0), reading("ERXX1", 30, 98.0), reading("ERXX1", 60, 97.0), reading("ERXX1", 90, 96.0),
                reading("ERXX1", 120, 95.0));
        List<Row> rows = BatteryHistory.rows(readings, List.of(), HORIZON);

        assertThat(rows.getFirst().feature(BatteryFeature.BATTERY_TREND)).isZero();
        assertThat(rows.getLast().feature(BatteryFeature.BATTERY_TREND)).isCloseTo(-1.0, within(1e-9));
    }

    @Test
    void batteryErrorCodesCountOverTheLastThreeReadings() {
        List<Reading> readings = List.of(
                new Reading("ERXX1", day(0), 95, 1000, List.of("P0A80")),
                new Reading("ERXX1", day(30), 95, 2000, List.of("U0100")),
                new Reading("ERXX1", day(60), 95, 3000, List.of("P0C78", "B1A01")),
                new Reading("ERXX1", day(90), 95, 4000, List.of()));
        Row last = BatteryHistory.rows(readings, List.of(), HORIZON).getLast();

        assertThat(last.feature(BatteryFeature.BATTERY_ERROR_CODES)).isEqualTo(1);
        assertThat(last.feature(BatteryFeature.ERROR_CODES)).isEqualTo(3);
        assertThat(last.feature(BatteryFeature.ODOMETER)).isEqualTo(4);
    }

    @Test
    void aLabelThatDependsOnTheBatteryIsLearned() {
        TelemetrySample fleet = fleet(true, 7);
        Outcome outcome = BatteryFailureModel.train(fleet.readings(), fleet.services(), HORIZON, 42);

        assertThat(outcome.auc()).isGreaterThanOrEqualTo(0.8);
        assertThat(outcome.predictions().getFirst().topReasons()).contains("battery fading");
    }

    @Test
    void aRandomLabelIsNotLearned() {
        TelemetrySample fleet = fleet(false, 7);
        Outcome outcome = BatteryFailureModel.train(fleet.readings(), fleet.services(), HORIZON, 42);

        assertThat(outcome.auc()).isBetween(0.3, 0.7);
    }

    @Test
    void everyVehicleGetsOnePredictionFromItsLatestReading() {
        TelemetrySample fleet = fleet(true, 11);
        List<Reading> readings = new ArrayList<>(fleet.readings());
        // A car connected last month: its one reading has no label yet, and still gets a prediction.
        readings.add(new Reading("ERNEW", START.plusMonths(11).atTime(9, 0).toInstant(ZoneOffset.UTC), 80, 500, List.of("P0A80")));
        Outcome outcome = BatteryFailureModel.train(readings, fleet.services(), HORIZON, 42);

        List<String> vins = readings.stream().map(Reading::vin).distinct().toList();
        assertThat(outcome.predictions()).extracting(Prediction::vin).containsExactlyInAnyOrderElementsOf(vins);
        assertThat(outcome.predictions()).filteredOn(prediction -> prediction.vin().equals("ERNEW")).singleElement()
                .satisfies(prediction -> assertThat(prediction.topReasons()).contains("battery health 80%"));
        assertThat(outcome.predictions()).allSatisfy(prediction -> assertThat(prediction.probability()).isBetween(0.0, 1.0));
        assertThat(outcome.predictions()).extracting(Prediction::probability).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(outcome.holdout()).hasSize(outcome.holdoutRows());
        assertThat(outcome.holdout()).extracting(Scored::vin).doesNotContainAnyElementsOf(trainedVins(outcome, vins));
    }

    @Test
    void theSameDataAndSeedGiveTheSameOutcome() {
        TelemetrySample fleet = fleet(true, 3);

        assertThat(BatteryFailureModel.train(fleet.readings(), fleet.services(), HORIZON, 7))
                .isEqualTo(BatteryFailureModel.train(fleet.readings(), fleet.services(), HORIZON, 7));
    }

    @Test
    void trainingWithoutAnyBatteryServiceSaysWhatIsMissing() {
        List<Reading> readings = monthlyReadings("ERXX1", 12, 95, 0.1);

        assertThatThrownBy(() -> BatteryFailureModel.train(readings, List.of(), HORIZON, 42))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 of").hasMessageContaining("battery service within 90 days");
    }

    @Test
    void theCommittedSampleHasALearnableButNotTrivialBatteryLabel() throws Exception {
        TelemetrySample sample = TelemetrySample.load();
        Outcome outcome = BatteryFailureModel.train(sample.readings(), sample.services(), HORIZON, 42);

        List<Row> labeledRows = BatteryHistory.rows(sample.readings(), sample.services(), HORIZON).stream().filter(Row::labeled).toList();
        long positives = labeledRows.stream().filter(Row::label).count();
        long labeled = labeledRows.size();
        System.out.printf(Locale.ROOT, "battery_failure_risk on the sample: AUC %.3f, %d of %d labeled readings positive (%.1f%%), %d training rows, "
                        + "%d holdout rows, %d vehicles; top: %s%n", outcome.auc(), positives, labeled, 100.0 * positives / labeled, outcome.trainingRows(),
                outcome.holdoutRows(), outcome.predictions().size(), outcome.predictions().getFirst());
        assertThat(outcome.auc()).as("learnable, but not given away by one feature").isBetween(0.7, 0.95);
        assertThat(outcome.predictions()).hasSize((int) sample.readings().stream().map(Reading::vin).distinct().count());
    }

    /**
     * 240 cars read monthly for a year. With a battery signal, a quarter fade fast (1.5 points a month) and those
     * mostly get a battery check in the months after they fade below 92%; otherwise every car gets one at random.
     */
    private static TelemetrySample fleet(boolean batterySignal, long seed) {
        Random random = new Random(seed);
        List<Reading> readings = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        for (int car = 0; car < 240; car++) {
            String vin = String.format(Locale.ROOT, "ERXX%05d", car);
            boolean fastFade = random.nextInt(4) == 0;
            double health = 96 + random.nextDouble() * 4;
            double odometer = 0;
            for (int month = 0; month < 12; month++) {
                LocalDate end = START.plusMonths(month);
                health -= (fastFade ? 1.5 : 0.1) + random.nextDouble() * 0.2;
                odometer += 1000 + random.nextInt(1000);
                boolean service = batterySignal ? random.nextDouble() < (health < 92 ? 0.5 : 0.01) : random.nextDouble() < 0.1;
                if (service) {
                    services.add(new Service(vin, end.withDayOfMonth(10), "battery_check"));
                }
                if (random.nextInt(5) == 0) {
                    services.add(new Service(vin, end.withDayOfMonth(5), "tyre_rotation"));
                }
                readings.add(new Reading(vin, end.atTime(12, 0).toInstant(ZoneOffset.UTC), health, odometer, List.of()));
            }
        }
        return new TelemetrySample(readings, services);
    }

    private static List<String> trainedVins(Outcome outcome, List<String> vins) {
        List<String> heldOut = outcome.holdout().stream().map(Scored::vin).distinct().toList();
        return vins.stream().filter(vin -> !heldOut.contains(vin)).toList();
    }

    private static Boolean firstLabel(List<Reading> readings, List<Service> services) {
        return BatteryHistory.rows(readings, services, HORIZON).getFirst().label();
    }

    private static List<Reading> monthlyReadings(String vin, int months, double health, double fadePerMonth) {
        List<Reading> readings = new ArrayList<>();
        for (int month = 0; month < months; month++) {
            LocalDate end = START.plusMonths(month);
            readings.add(new Reading(vin, end.atTime(12, 0).toInstant(ZoneOffset.UTC), health - fadePerMonth * month, 1500.0 * (month + 1), List.of()));
        }
        return readings;
    }

    private static Reading reading(String vin, int day, double health) {
        return new Reading(vin, day(day), health, 1000, List.of());
    }

    private static Instant day(int day) {
        return START.atTime(12, 0).toInstant(ZoneOffset.UTC).plus(day, ChronoUnit.DAYS);
    }

    private static Scored scored(boolean label, double probability) {
        return new Scored("ERXX1", Instant.EPOCH, label, probability);
    }
}
