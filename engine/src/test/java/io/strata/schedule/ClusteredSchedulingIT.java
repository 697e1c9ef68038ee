package io.strata.schedule;

import io.strata.run.RunStore;
import io.strata.stack.testing.PostgresCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two servers of one project on one PostgreSQL run store (a throwaway cluster of the machine's PostgreSQL): Quartz's
 * clustering fires each tick of a schedule in exactly one of them, and when one stops the other fires on. Each server is its own {@link Scheduling} with its own
 * connection pool and instance id, as two {@code strata serve} processes are.
 */
class ClusteredSchedulingIT {
    record Fired(String server, Instant due) {
    }

    @Test
    void twoServersOnOneDatabaseFireEachTickExactlyOnceAndOneFiresOnWhenTheOtherStops() throws Exception {
        String url = PostgresCluster.shared().createDatabase();
        List<Fired> fired = new CopyOnWriteArrayList<>();
        Map<String, RunStore> stores = new ConcurrentHashMap<>();
        Function<String, Scheduling> server = name -> {
            RunStore store = RunStore.postgres(url, PostgresCluster.USER, "");
            stores.put(name, store);
            return Scheduling.open(store.dataSource(), "mobility", name, new Firing() {
                @Override
                public Tick schedule(String schedule, Instant due, java.util.function.BooleanSupplier stopping) {
                    fired.add(new Fired(name, due));
                    return Tick.skipped(schedule, "recorded", Optional.empty());
                }

                @Override
                public Tick sensor(String sensor, Optional<String> cursor) {
                    throw new AssertionError("no sensor is declared");
                }
            }, tick -> {
            });
        };
        Schedule everySecond = SchedulingTest.schedule("every_second", "* * * * * ?", Schedule.Misfire.RUN_ONCE);
        Instant from;
        Instant firstStopped;
        Instant until;
        try (Scheduling second = server.apply("second")) {
            try (Scheduling first = server.apply("first")) {
                first.sync(new Schedules(List.of(everySecond), List.of()));
                assertThat(second.sync(new Schedules(List.of(everySecond), List.of())).isEmpty()).as("the second server finds it stored").isTrue();
                first.start();
                second.start();
                from = Instant.now().plusSeconds(2);
                Thread.sleep(12_000);
            }
            firstStopped = Instant.now();
            // The second server finds the ticks handed back when it next looks for due ones: the idle wait, up to 5 s.
            Thread.sleep(20_000);
            until = Instant.now().minusSeconds(2);
        }
        finally {
            stores.values().forEach(RunStore::close);
        }
        List<Fired> watched = fired.stream().filter(tick -> tick.due().isAfter(from) && tick.due().isBefore(until)).toList();
        Map<Instant, Long> perTick = watched.stream().collect(Collectors.groupingBy(Fired::due, Collectors.counting()));
        assertThat(perTick.values()).as("no tick fired twice").allMatch(count -> count == 1);
        Instant bothEnd = firstStopped.minusSeconds(1);
        long seconds = Duration.between(from, bothEnd).toSeconds();
        assertThat(perTick.keySet()).filteredOn(due -> due.isBefore(bothEnd)).as("every tick of the %d s both servers ran fired", seconds)
                .hasSizeGreaterThanOrEqualTo((int) seconds - 1);
        assertThat(watched).filteredOn(tick -> tick.due().isAfter(firstStopped.plusSeconds(1))).as("the second server fires on alone")
                .hasSizeGreaterThanOrEqualTo(10).extracting(Fired::server).containsOnly("second");
    }
}
