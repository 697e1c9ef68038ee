package io.strata.graph;

import io.strata.project.HookPhase;

import java.util.List;

/**
 * A model's hooks as compiled: statements whose {@code {{ this }}} and refs are already the relations the model's SQL
 * names, without a catalog, so they run on whichever branch builds the model.
 *
 * @param pre run in order before the model is built
 * @param post run in order after it is built
 */
public record Hooks(List<String> pre, List<String> post) {
    public static final Hooks NONE = new Hooks(List.of(), List.of());

    public Hooks {
        pre = List.copyOf(pre);
        post = List.copyOf(post);
    }

    public List<String> of(HookPhase phase) {
        return switch (phase) {
            case PRE -> pre;
            case POST -> post;
        };
    }

    public boolean isEmpty() {
        return pre.isEmpty() && post.isEmpty();
    }
}
