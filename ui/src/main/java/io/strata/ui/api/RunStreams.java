package io.strata.ui.api;

import io.strata.run.RunStatus;
import io.strata.run.RunStore;
import io.strata.service.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Live run logs as server-sent events, read from the run store: a run of any process (the CLI, a schedule, this
 * server) streams the same way, and a client that reconnects with {@code Last-Event-ID} misses nothing.
 * <p>
 * Each stream is one task polling the store every {@link #POLL}: it sends the events after the last one sent as
 * {@code event: log}, and once the run has ended and every event was sent, {@code event: end} with the run's summary,
 * then completes. A poll reads the run's status before its events: the runner writes a run's last event before it
 * records the run as ended, so a run found ended has no event left to come. A client that goes away ends its task (the
 * emitter completes, times out or fails to send).
 */
@Component
class RunStreams {
    static final Duration POLL = Duration.ofMillis(300);
    /** A comment this often on a quiet stream: a client gone without a word is found when the write fails. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    /** Events read per poll; a log longer than that is sent over several polls. */
    static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(RunStreams.class);

    private final Workspace workspace;
    private final ScheduledExecutorService executor;
    private final Set<Stream> open = ConcurrentHashMap.newKeySet();

    RunStreams(Workspace workspace, @Qualifier(ApiConfiguration.RUN_STREAM_EXECUTOR) ScheduledExecutorService executor) {
        this.workspace = workspace;
        this.executor = executor;
    }

    /** Opens the stream of a run's events after sequence {@code after}; an unknown run is refused (404) before it opens. */
    SseEmitter open(String runId, long after) {
        // Read now, so an unknown run is an error answer and not a stream; sent as soon as the stream opens.
        List<RunStore.EventRecord> first = workspace.events(runId, after, BATCH);
        SseEmitter emitter = new SseEmitter(0L);
        Stream stream = new Stream(runId, emitter, after);
        emitter.onCompletion(stream::stop);
        emitter.onTimeout(stream::stop);
        emitter.onError(error -> stream.stop());
        stream.send(first);
        stream.start();
        return emitter;
    }

    /** How many streams are open: each one a task polling the store. */
    int streaming() {
        return open.size();
    }

    /** One client's stream of one run. */
    private final class Stream {
        private final String runId;
        private final SseEmitter emitter;
        private long lastSent;
        private long quietSince = System.nanoTime();
        private volatile boolean stopped;
        private ScheduledFuture<?> task;

        Stream(String runId, SseEmitter emitter, long after) {
            this.runId = runId;
            this.emitter = emitter;
            this.lastSent = after;
        }

        synchronized void start() {
            if (!stopped) {
                open.add(this);
                task = executor.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        synchronized void stop() {
            stopped = true;
            if (task != null) {
                task.cancel(false);
            }
            open.remove(this);
        }

        private void poll() {
            if (stopped) {
                return;
            }
            try {
                RunStore.RunSummary run = workspace.runSummary(runId);
                List<RunStore.EventRecord> events = workspace.events(runId, lastSent, BATCH);
                if (!send(events) || events.size() == BATCH) {
                    return;
                }
                if (run.status() != RunStatus.RUNNING) {
                    end(run);
                    return;
                }
                if (events.isEmpty() && System.nanoTime() - quietSince > KEEP_ALIVE.toNanos()) {
                    write(SseEmitter.event().comment("still going"));
                }
            }
            catch (RuntimeException e) {
                // The run store failed: the client's EventSource reconnects with Last-Event-ID and misses nothing.
                LOG.warn("the live log of run {} stopped: {}", runId, e.getMessage());
                stop();
                emitter.complete();
            }
        }

        /** Sends the events as {@code log}; false when the client is gone. */
        boolean send(List<RunStore.EventRecord> events) {
            for (RunStore.EventRecord event : events) {
                SseEmitter.SseEventBuilder log = SseEmitter.event().name("log").id(String.valueOf(event.sequence()))
                        .data(RunEvent.of(event), MediaType.APPLICATION_JSON);
                if (!write(log)) {
                    return false;
                }
                lastSent = event.sequence();
            }
            return true;
        }

        private void end(RunStore.RunSummary run) {
            if (write(SseEmitter.event().name("end").data(RunSummary.of(run), MediaType.APPLICATION_JSON))) {
                stop();
                emitter.complete();
            }
        }

        private boolean write(SseEmitter.SseEventBuilder event) {
            try {
                emitter.send(event);
                quietSince = System.nanoTime();
                return true;
            }
            catch (IOException | IllegalStateException e) {
                // The client went away (or the emitter completed): nothing more to send to it.
                stop();
                return false;
            }
        }
    }
}
