package io.strata.cli;

import io.strata.run.RunResult;
import io.strata.run.RunStore;
import io.strata.service.ScheduleStatus;
import io.strata.service.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code strata schedules}: the project's schedules and sensors with their next fire and last run; trigger, pause or
 * resume one. Pauses are kept in the schedules' store beside the run history, so they reach every server of the
 * project, whether one runs now or not.
 */
@Command(name = "schedules", mixinStandardHelpOptions = true,
        description = "List the schedules and sensors of the project file with their next fire and last run.",
        subcommands = {SchedulesCommand.Trigger.class, SchedulesCommand.Pause.class, SchedulesCommand.Resume.class})
final class SchedulesCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Mixin
    ProjectOptions project;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace workspace = project.open(spec.commandLine().getErr())) {
            List<ScheduleStatus> statuses = workspace.scheduleStatuses();
            if (statuses.isEmpty()) {
                out.println("No schedules or sensors: declare them under 'schedules:' and 'sensors:' in the project file (docs/schedules.md).");
                return 0;
            }
            out.printf("%-22s %-8s %-7s %-20s %-34s %s%n", "NAME", "KIND", "STATE", "NEXT", "LAST RUN", "WHEN / SELECT");
            for (ScheduleStatus status : statuses) {
                String state = !status.enabled() ? "off" : status.paused() ? "paused" : "active";
                String next = status.nextFire().map(TIME::format).orElse(status.kind() == ScheduleStatus.Kind.SENSOR && status.enabled()
                        && !status.paused() ? "when a server runs" : "-");
                String last = status.lastRun().map(SchedulesCommand::run).orElse("-");
                out.printf("%-22s %-8s %-7s %-20s %-34s %s; select %s%n", status.name(), status.kind().name().toLowerCase(Locale.ROOT), state, next,
                        last, status.timing(), status.select().isEmpty() ? "(all)" : status.select());
            }
            out.println("Schedules and sensors fire while strata serve runs; pause, resume and trigger work with or without it.");
        }
        return 0;
    }

    private static String run(RunStore.RunSummary run) {
        return run.id() + " " + run.status();
    }

    /** A subcommand acting on one schedule or sensor. */
    abstract static class OneSchedule implements Callable<Integer> {
        @Mixin
        ProjectOptions project;

        @Parameters(paramLabel = "NAME", description = "A schedule or sensor of the project file")
        String name;

        @Spec
        CommandSpec spec;
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = "Run a schedule's or sensor's selection now, recorded with its trigger, and wait for the run as strata materialize"
                    + " does. Refused while a run of it goes.")
    static final class Trigger extends OneSchedule {
        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Workspace workspace = project.open(spec.commandLine().getErr())) {
                RunResult result = MaterializeCommand.follow(workspace.triggerSchedule(name, new MaterializeCommand.Progress(out)),
                        spec.commandLine().getErr());
                MaterializeCommand.summarize(out, result);
                return MaterializeCommand.exitCode(result);
            }
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause a schedule or sensor: no server fires it until it is resumed, also after restarts.")
    static final class Pause extends OneSchedule {
        @Override
        public Integer call() {
            try (Workspace workspace = project.open(spec.commandLine().getErr())) {
                workspace.pauseSchedule(name);
            }
            spec.commandLine().getOut().println("Paused " + name);
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume a paused schedule or sensor; a tick it missed while paused follows its misfire policy.")
    static final class Resume extends OneSchedule {
        @Override
        public Integer call() {
            try (Workspace workspace = project.open(spec.commandLine().getErr())) {
                workspace.resumeSchedule(name);
            }
            spec.commandLine().getOut().println("Resumed " + name);
            return 0;
        }
    }
}
