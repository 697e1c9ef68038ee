package io.strata.run;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * A run that has been started: its id is known before it makes its branch (a server answers with it at
 * once), it can be awaited, and it can be cancelled: a cancelled run starts no more assets, lets those
 * building finish, is recorded as cancelled, and keeps its branch; main is never touched.
 */
public final class RunHandle {
    private final String id;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();

    RunHandle(String id) {
        this.id = requireNonNull(id, "id");
    }

    /** The run's id (with {@code --on-conflict retry}, the first attempt's; the result names the last). */
    public String id() {
        return id;
    }

    /** Asks the run to stop: no asset starts after this; the run ends as {@link RunResult.Outcome#CANCELLED}. */
    public void cancel() {
        cancelled.set(true);
    }

    public boolean cancelRequested() {
        return cancelled.get();
    }

    public boolean isDone() {
        return result.isDone();
    }

    /** The finished run; a run that could not go on throws its error (a {@link io.strata.project.StrataException} for user errors). */
    public RunResult await() {
        try {
            return result.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunException("interrupted while waiting for run " + id, e);
        }
        catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** The finished run, if it finishes within the time. */
    public Optional<RunResult> await(Duration timeout) {
        try {
            return Optional.of(result.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        catch (TimeoutException e) {
            return Optional.empty();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunException("interrupted while waiting for run " + id, e);
        }
        catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
    }

    /** Calls {@code action} once the run has ended, however it ended (at once if it has). */
    public void whenDone(Runnable action) {
        result.whenComplete((finished, error) -> action.run());
    }

    void complete(RunResult finished) {
        result.complete(finished);
    }

    void fail(Throwable error) {
        result.completeExceptionally(error);
    }

    private static RuntimeException rethrown(Throwable cause) {
        return switch (cause) {
            case RuntimeException runtime -> runtime;
            case Error error -> throw error;
            default -> new IllegalStateException(cause);
        };
    }
}
