package io.strata.service;

import io.strata.compile.CompileOptions;
import io.strata.compile.TestProject;
import io.strata.lake.LakeEndpoints;
import io.strata.project.StrataException;
import io.strata.run.RunListener;
import io.strata.run.RunStatus;
import io.strata.run.RunStore;
import io.strata.schedule.Firing;
import io.strata.schedule.Schedule;
import io.strata.stack.testing.LocalStackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Schedules fired by Quartz through the workspace on the real local stack: their runs are the CLI's runs, recorded with
 * the schedule's trigger, and a tick that comes while a run of the same schedule goes (here a run another process
 * recorded as going) is skipped or waits behind it by the schedule's overlap policy.
 */
@ExtendWith(LocalStackExtension.class)
class ScheduleIT {
    @TempDir
    Path root;

    private final String schema = "sch_" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void ticksStartRecordedRunsAndWhileARunOfTheScheduleGoesASkipTickIsSkippedAndAQueueTickWaitsForIt(LakeEndpoints endpoints) throws Exception {
        TestProject.empty(root).file("strata.yml", """
                name: scheduled
                profile: local
                profiles:
                  local: {type: trino, schema: %s}
                schedules:
                  - {name: skipper, cron: "0/10 * * * * ?", select: "customers", overlap: skip}
                  - {name: queuer, cron: "0/10 * * * * ?", select: "orders", overlap: queue}
                """.formatted(schema))
                .file("models/customers.sql", "{{ config(materialized='table') }}\nselect 1 as id")
                .file("models/orders.sql", "{{ config(materialized='table') }}\nselect 1 as id");
        List<Firing.Tick> ticks = new CopyOnWriteArrayList<>();
        try (Workspace workspace = Workspace.open(root, CompileOptions.defaults(), (profile, projectRoot) -> endpoints);
             RunStore otherProcess = RunStore.open(root.resolve(".strata"))) {
            // Runs of both schedules that go elsewhere (another server, a manual trigger).
            Instant now = Instant.now();
            otherProcess.started("run-elsewhere-skipper", "run-elsewhere-skipper", "customers", now, "schedule:skipper");
            otherProcess.started("run-elsewhere-queuer", "run-elsewhere-queuer", "orders", now, "schedule:queuer");
            Schedule skipper = workspace.schedules().schedules().getFirst();
            assertThatThrownBy(() -> workspace.triggerSchedule("queuer", RunListener.SILENT))
                    .isInstanceOfSatisfying(StrataException.class, e -> assertThat(e.kind()).isEqualTo(StrataException.Kind.CONFLICT))
                    .hasMessageContaining("run-elsewhere-queuer");

            workspace.syncSchedules(workspace.schedules());
            workspace.startSchedules(ticks::add);
            waitFor(() -> ticks.stream().anyMatch(fired -> fired.name().equals("skipper")), Duration.ofSeconds(20));
            Thread.sleep(1_500);

            assertThat(ticks).singleElement().satisfies(fired -> {
                assertThat(fired.outcome()).isEqualTo(Firing.Tick.Outcome.SKIPPED);
                assertThat(fired.message()).contains("run-elsewhere-skipper");
            });
            // The tick that fired, as it says itself: a ten-second boundary may pass while the schedules are stored.
            java.util.regex.Matcher due = java.util.regex.Pattern.compile("tick of (\\S+) skipped").matcher(ticks.getFirst().message());
            assertThat(due.find()).as(ticks.getFirst().message()).isTrue();
            Instant tick = Instant.parse(due.group(1));
            assertThat(skipper.nextFire(tick.minusSeconds(1))).contains(tick);
            assertThat(runs(workspace, "schedule:queuer")).as("the queue tick waits").extracting(RunStore.RunSummary::id)
                    .containsExactly("run-elsewhere-queuer");

            Instant released = Instant.now();
            otherProcess.failed("run-elsewhere-skipper", "ended for the test");
            otherProcess.failed("run-elsewhere-queuer", "ended for the test");
            waitFor(() -> ended(workspace, "schedule:skipper") >= 2 && ended(workspace, "schedule:queuer") >= 2, Duration.ofSeconds(120));
            workspace.pauseSchedule("skipper");
            workspace.pauseSchedule("queuer");
            waitFor(() -> runs(workspace, "schedule:skipper").stream().noneMatch(run -> run.status() == RunStatus.RUNNING)
                    && runs(workspace, "schedule:queuer").stream().noneMatch(run -> run.status() == RunStatus.RUNNING), Duration.ofSeconds(120));

            RunStore.RunSummary queued = ours(workspace, "schedule:queuer").getFirst();
            assertThat(queued.startedAt()).as("the waiting tick started its run once the other ended, not at the next tick at %s", tick.plusSeconds(10))
                    .isBetween(released, tick.plusSeconds(10));
            RunStore.RunSummary skipped = ours(workspace, "schedule:skipper").getFirst();
            assertThat(skipped.startedAt()).as("the skipped tick's schedule ran at its next tick").isAfterOrEqualTo(tick.plusSeconds(10));
            for (String trigger : List.of("schedule:skipper", "schedule:queuer")) {
                List<RunStore.RunSummary> ours = ours(workspace, trigger);
                assertThat(ours).extracting(RunStore.RunSummary::status).containsOnly(RunStatus.MERGED);
                for (int i = 1; i < ours.size(); i++) {
                    RunStore.RunSummary before = ours.get(i - 1);
                    assertThat(ours.get(i).startedAt()).as("runs of %s never overlap", trigger)
                            .isAfterOrEqualTo(before.startedAt().plus(before.duration().orElseThrow()).minusMillis(5));
                }
            }
            assertThat(workspace.query("select count(*) from orders", "main", 1).rows()).containsExactly(List.of(1L));
        }
    }

    /** The runs of a trigger, oldest first. */
    private static List<RunStore.RunSummary> runs(Workspace workspace, String trigger) {
        return workspace.runs(new RunStore.RunQuery(Optional.empty(), Optional.empty(), Optional.of(trigger), 100)).stream()
                .sorted(Comparator.comparing(RunStore.RunSummary::startedAt)).toList();
    }

    /** The runs the schedule started itself (not the one recorded by the test), oldest first. */
    private static List<RunStore.RunSummary> ours(Workspace workspace, String trigger) {
        return runs(workspace, trigger).stream().filter(run -> !run.id().startsWith("run-elsewhere")).toList();
    }

    private static long ended(Workspace workspace, String trigger) {
        return ours(workspace, trigger).stream().filter(run -> run.status() != RunStatus.RUNNING).count();
    }

    private static void waitFor(BooleanSupplier condition, Duration limit) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited %s", limit).isBefore(end);
            Thread.sleep(200);
        }
    }
}
