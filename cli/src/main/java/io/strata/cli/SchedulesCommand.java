package io.strata.cli;

import io.strata.schedule.Schedule;
import io.strata.schedule.Schedules;
import io.strata.schedule.Sensor;
import io.strata.service.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

/** {@code strata schedules}: the project's schedules and sensors, checked against the project, with when each fires next. */
@Command(name = "schedules", mixinStandardHelpOptions = true,
        description = "List the schedules and sensors of the project file, checked against the project, with the next time each schedule fires.")
final class SchedulesCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    @Mixin
    ProjectOptions project;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace workspace = project.open(spec.commandLine().getErr())) {
            Schedules declared = workspace.schedules();
            if (declared.isEmpty()) {
                out.println("No schedules or sensors: declare them under 'schedules:' and 'sensors:' in the project file (docs/schedules.md).");
                return 0;
            }
            Instant now = Instant.now();
            out.printf("%-24s %-8s %-32s %-30s %-8s %s%n", "NAME", "KIND", "WHEN", "SELECT", "ENABLED", "NEXT");
            for (Schedule schedule : declared.schedules()) {
                out.printf("%-24s %-8s %-32s %-30s %-8s %s%n", schedule.name(), "schedule", schedule.cron() + " " + schedule.timezone(),
                        schedule.select().isEmpty() ? "(all)" : schedule.select(), schedule.enabled() ? "yes" : "no",
                        schedule.nextFire(now).map(next -> TIME.format(next.atZone(schedule.timezone()))).orElse("never"));
            }
            for (Sensor sensor : declared.sensors()) {
                out.printf("%-24s %-8s %-32s %-30s %-8s %s%n", sensor.name(), "sensor", "every " + sensor.every().toString().substring(2).toLowerCase()
                        + " on " + sensor.watch(), sensor.select(), sensor.enabled() ? "yes" : "no", "when new input arrives");
            }
            out.println("Not firing yet: the scheduler of strata serve is still to come; this lists and checks what it will run.");
        }
        return 0;
    }
}
