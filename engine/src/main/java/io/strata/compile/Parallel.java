package io.strata.compile;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;

/** Maps a list on the compiler's own threads when it is long enough to pay for them, keeping the order. */
final class Parallel implements AutoCloseable {
    private final int threads;
    private final ForkJoinPool pool;

    Parallel(int threads) {
        this.threads = threads;
        this.pool = new ForkJoinPool(threads);
    }

    <T, R> List<R> map(List<T> items, Function<T, R> work) {
        if (items.size() < 64 || threads == 1) {
            return items.stream().map(work).toList();
        }
        return pool.submit(() -> items.parallelStream().map(work).toList()).join();
    }

    /** Where to run work that waits for other work (futures): the compiler's threads, or the caller's alone with one thread. */
    java.util.concurrent.Executor executor() {
        return threads == 1 ? Runnable::run : pool;
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
