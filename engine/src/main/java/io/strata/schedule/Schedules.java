package io.strata.schedule;

import java.util.List;

/** The schedules and sensors a project declares. */
public record Schedules(List<Schedule> schedules, List<Sensor> sensors) {
    public static final Schedules NONE = new Schedules(List.of(), List.of());

    public Schedules {
        schedules = List.copyOf(schedules);
        sensors = List.copyOf(sensors);
    }

    /** The schedule of that name, if one is declared. */
    public java.util.Optional<Schedule> schedule(String name) {
        return schedules.stream().filter(schedule -> schedule.name().equals(name)).findFirst();
    }

    /** The sensor of that name, if one is declared. */
    public java.util.Optional<Sensor> sensor(String name) {
        return sensors.stream().filter(sensor -> sensor.name().equals(name)).findFirst();
    }

    public boolean isEmpty() {
        return schedules.isEmpty() && sensors.isEmpty();
    }
}
