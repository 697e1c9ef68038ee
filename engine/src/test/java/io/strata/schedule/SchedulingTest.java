package io.strata.schedule;

import io.strata.project.Location;
import io.strata.run.RunStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schedules' store on the run store's H2 file, with a recording {@link Firing} in place of the workspace: what Quartz
 * keeps across restarts (pauses, triggers) and when it fires.
 */
class SchedulingTest {
    @TempDir
    Path state;

    /** The ticks fired, in order: the name and the time each was due. */
    private final List<Fired> fired = new CopyOnWriteArrayList<>();

    record Fired(String name, Instant due, Instant at) {
    }

    private final Firing recording = new Firing() {
        @Override
        public Tick schedule(String name, Instant due, java.util.function.BooleanSupplier stopping) {
            fired.add(new Fired(name, due, Instant.now()));
            return Tick.skipped(name, "recorded", Optional.empty());
        }

        @Override
        public Tick sensor(String name, Optional<String> cursor) {
            fired.add(new Fired(name, Instant.now(), Instant.now()));
            return Tick.skipped(name, "recorded", Optional.of(cursor.orElse("") + "x"));
        }
    };

    static Schedule schedule(String name, String cron, Schedule.Misfire misfire) {
        return new Schedule(name, cron, ZoneId.of("UTC"), "*", "", Map.of(), Optional.empty(), false, true, Schedule.Overlap.SKIP, misfire,
                Location.of("strata.yml"));
    }

    static Sensor sensor(String name, Duration every) {
        return new Sensor(name, io.strata.api.AssetKey.of("sales"), every, "sales+", Optional.empty(), true, Location.of("strata.yml"));
    }

    private Scheduling open(RunStore store, String instance) {
        return Scheduling.open(store.dataSource(), "shop", instance, recording, tick -> {
        });
    }

    @Test
    void aPauseIsKeptInTheStoreAcrossARestartAndAChangedCronAndAResumeLiftsIt() {
        Schedule hourly = schedule("hourly", "0 0 * * * ?", Schedule.Misfire.RUN_ONCE);
        try (RunStore store = RunStore.open(state); Scheduling scheduling = open(store, "first")) {
            assertThat(scheduling.sync(new Schedules(List.of(hourly), List.of(sensor("files", Duration.ofMinutes(1))))).added())
                    .containsExactlyInAnyOrder("hourly", "files");
            scheduling.pause(hourly.trigger());
            assertThat(scheduling.state(hourly.trigger()).paused()).isTrue();
            assertThat(scheduling.state(hourly.trigger()).nextFire()).isEmpty();
        }
        Schedule everyTwoHours = schedule("hourly", "0 0 0/2 * * ?", Schedule.Misfire.RUN_ONCE);
        try (RunStore store = RunStore.open(state); Scheduling scheduling = open(store, "second")) {
            assertThat(scheduling.state(hourly.trigger()).paused()).as("after a restart").isTrue();
            Scheduling.Sync sync = scheduling.sync(new Schedules(List.of(everyTwoHours), List.of(sensor("files", Duration.ofMinutes(1)))));
            assertThat(sync.changed()).containsExactly("hourly");
            assertThat(sync.added()).isEmpty();
            assertThat(scheduling.state(hourly.trigger()).paused()).as("after its cron changed").isTrue();
            assertThat(scheduling.state("sensor:files").paused()).isFalse();

            scheduling.resume(hourly.trigger());

            Scheduling.State resumed = scheduling.state(hourly.trigger());
            assertThat(resumed.paused()).isFalse();
            assertThat(resumed.nextFire()).isPresent();
            assertThat(resumed.nextFire().orElseThrow()).isEqualTo(everyTwoHours.nextFire(Instant.now()).orElseThrow());
        }
    }

    @Test
    void anUnchangedDeclarationKeepsItsTriggerARemovedOneLeavesTheStoreAndADisabledOneIsNotStored() {
        Schedule hourly = schedule("hourly", "0 0 * * * ?", Schedule.Misfire.RUN_ONCE);
        Schedule nightly = schedule("nightly", "0 0 2 * * ?", Schedule.Misfire.SKIP);
        try (RunStore store = RunStore.open(state); Scheduling scheduling = open(store, "one")) {
            scheduling.sync(new Schedules(List.of(hourly, nightly), List.of()));
            scheduling.pause(nightly.trigger());

            Scheduling.Sync again = scheduling.sync(new Schedules(List.of(hourly, nightly), List.of()));
            assertThat(again.isEmpty()).as("nothing changed").isTrue();

            Schedule disabled = new Schedule("hourly", hourly.cron(), hourly.timezone(), "*", "", Map.of(), Optional.empty(), false, false,
                    Schedule.Overlap.SKIP, Schedule.Misfire.RUN_ONCE, hourly.location());
            Scheduling.Sync removed = scheduling.sync(new Schedules(List.of(disabled), List.of()));
            assertThat(removed.removed()).containsExactlyInAnyOrder("hourly", "nightly");
            assertThat(scheduling.state(hourly.trigger()).stored()).isFalse();
            assertThat(scheduling.state(nightly.trigger()).stored()).isFalse();
            assertThat(scheduling.state(nightly.trigger()).paused()).as("a removed schedule's pause is forgotten").isFalse();
        }
    }

    @Test
    void aSensorTicksAtItsIntervalAndKeepsTheCursorItsTicksReturn() throws Exception {
        try (RunStore store = RunStore.open(state); Scheduling scheduling = open(store, "one")) {
            scheduling.sync(new Schedules(List.of(), List.of(sensor("files", Duration.ofMillis(500)))));
            scheduling.start();
            waitFor(() -> fired.size() >= 5, Duration.ofSeconds(20));
        }
        assertThat(fired).extracting(Fired::name).allMatch("files"::equals);
        // Five ticks span four intervals (2 s); a first tick late on a busy machine shortens the span, never to a burst.
        assertThat(Duration.between(fired.get(0).at(), fired.get(4).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        try (RunStore store = RunStore.open(state)) {
            String cursor = cursor(store);
            assertThat(cursor).as("each tick appended to the cursor the last one kept").hasSizeGreaterThanOrEqualTo(3).matches("x+");
        }
    }

    private static String cursor(RunStore store) throws Exception {
        try (var connection = store.dataSource().getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT JOB_DATA FROM QRTZ_JOB_DETAILS WHERE JOB_NAME = 'files'")) {
            rows.next();
            try (var in = new java.io.ObjectInputStream(rows.getBinaryStream(1))) {
                return String.valueOf(((Map<?, ?>) in.readObject()).get("cursor"));
            }
        }
    }

    /**
     * Ticks missed while no server ran: a {@code run_once} schedule fires once when the server is back, a {@code skip}
     * one waits for its next tick. The schedules fire every ten seconds; the server is down over one tick and back six
     * seconds after the next (later than the misfire threshold), and watched until just before the tick after.
     */
    @Test
    void ticksMissedWhileDownRunOnceOrAreSkippedByTheMisfirePolicy() throws Exception {
        Schedule once = schedule("once", "0/10 * * * * ?", Schedule.Misfire.RUN_ONCE);
        Schedule skip = schedule("skip", "0/10 * * * * ?", Schedule.Misfire.SKIP);
        Schedules both = new Schedules(List.of(once, skip), List.of());
        try (RunStore store = RunStore.open(state); Scheduling scheduling = open(store, "before")) {
            scheduling.sync(both);
            scheduling.start();
            waitFor(() -> fired.stream().anyMatch(tick -> tick.name().equals("once")) && fired.stream().anyMatch(tick -> tick.name().equals("skip")),
                    Duration.ofSeconds(25));
        }
        Instant stopped = Instant.now();
        Instant missed = once.nextFire(stopped).orElseThrow();
        Instant back = once.nextFire(missed).orElseThrow().plusSeconds(6);
        sleepUntil(back);
        fired.clear();
        Instant nextTick = once.nextFire(back).orElseThrow();
        try (RunStore store = RunStore.open(state); Scheduling scheduling = open(store, "after")) {
            assertThat(scheduling.sync(both).isEmpty()).as("unchanged declarations keep their triggers").isTrue();
            scheduling.start();
            sleepUntil(nextTick.minusMillis(1500));
        }
        assertThat(fired).extracting(Fired::name).as("ticks of %s and %s were missed; back at %s", missed, missed.plusSeconds(10), back)
                .containsExactly("once");
    }

    private static void sleepUntil(Instant at) throws InterruptedException {
        long millis = Duration.between(Instant.now(), at).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited %s", limit).isBefore(end);
            Thread.sleep(100);
        }
    }
}
