package io.strata.ui.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * The last few layouts, by shape: a graph is laid out once per change of its assets, layers or edges, however many
 * pages ask for it. Callers asking for a shape being laid out wait for that one computation.
 */
public final class LayoutCache {
    private final LaneLayout layout;
    private final int capacity;
    private final Map<GraphShape, CompletableFuture<GraphLayout>> layouts;
    private final AtomicInteger computed = new AtomicInteger();

    public LayoutCache(LaneLayout layout, int capacity) {
        this.layout = requireNonNull(layout, "layout");
        this.capacity = capacity;
        this.layouts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<GraphShape, CompletableFuture<GraphLayout>> eldest) {
                return size() > LayoutCache.this.capacity;
            }
        };
    }

    /** The shape's layout, computed now if it is not among the last ones. */
    public GraphLayout layoutOf(GraphShape shape) {
        CompletableFuture<GraphLayout> future;
        boolean mine = false;
        synchronized (layouts) {
            future = layouts.get(shape);
            if (future == null) {
                future = new CompletableFuture<>();
                layouts.put(shape, future);
                mine = true;
            }
        }
        if (mine) {
            try {
                future.complete(layout.layout(shape));
                computed.incrementAndGet();
            }
            catch (RuntimeException | Error e) {
                synchronized (layouts) {
                    layouts.remove(shape);
                }
                future.completeExceptionally(e);
                throw e;
            }
        }
        return future.join();
    }

    /** How many layouts were computed since this cache was made. */
    public int computed() {
        return computed.get();
    }
}
