package io.strata.run;

import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Named moments of a run where the fault suite stops a service of the lake, or the runner itself, so that each
 * moment is tried every time rather than when a kill happens to land there. Nothing happens at them unless a
 * fault is set:
 * <ul>
 *   <li>in the process, by {@link #install} (a test that kills a service of its stack and lets the run go on);</li>
 *   <li>for a runner of its own, by the system property {@code strata.fault.halt=<point>}: the process halts there
 *       at once, as a {@code kill -9} would end it (no shutdown hook runs).</li>
 * </ul>
 */
public final class FaultPoints {
    /** Where a run can be stopped. */
    public enum Point {
        /** An asset is about to be built (or found up to date); the detail is the asset's key. */
        BUILDING,
        /** An asset is built and its checks are about to run; the detail is the asset's key. */
        CHECKING,
        /** The run is recorded as merging and its branch is about to be merged; the detail is the branch. */
        MERGING,
        /** The branch was merged into main, and nothing after the merge has happened yet; the detail is the branch. */
        MERGED
    }

    private static final BiConsumer<Point, String> NONE = (point, detail) -> {
    };
    private static volatile BiConsumer<Point, String> fault = fromSystemProperty();

    private FaultPoints() {
    }

    /** Sets what happens at each point (called with the point and its detail) until {@link #clear}. */
    public static void install(BiConsumer<Point, String> atPoint) {
        fault = Objects.requireNonNull(atPoint, "atPoint");
    }

    /** No fault any more. */
    public static void clear() {
        fault = NONE;
    }

    static void reached(Point point, String detail) {
        fault.accept(point, detail);
    }

    private static BiConsumer<Point, String> fromSystemProperty() {
        String halt = System.getProperty("strata.fault.halt");
        if (halt == null || halt.isBlank()) {
            return NONE;
        }
        Point at = Point.valueOf(halt.trim().toUpperCase(java.util.Locale.ROOT));
        return (point, detail) -> {
            if (point == at) {
                Runtime.getRuntime().halt(137);
            }
        };
    }
}
