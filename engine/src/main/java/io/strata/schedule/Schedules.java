package io.strata.schedule;

import java.util.List;

/** The schedules and sensors a project declares. */
public record Schedules(List<Schedule> schedules, List<Sensor> sensors) {
    public static final Schedules NONE = new Schedules(List.of(), List.of());

    public Schedules {
        schedules = List.copyOf(schedules);
        sensors = List.copyOf(sensors);
    }

    public boolean isEmpty() {
        return schedules.isEmpty() && sensors.isEmpty();
    }
}
