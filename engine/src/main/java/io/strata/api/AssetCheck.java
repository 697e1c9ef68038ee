package io.strata.api;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A data check written in Java, run on the run's branch after its asset is built. An {@link Severity#ERROR} check
 * that does not pass keeps the run off main exactly as a failing YAML test does; a {@link Severity#WARN} one is
 * reported.
 */
public record AssetCheck(String name, Severity severity, Function check) {
    public enum Severity { WARN, ERROR }

    /** The check's code: reads what the asset wrote (through the context's SQL) and says what it found. */
    @FunctionalInterface
    public interface Function {
        Result check(AssetContext context) throws Exception;
    }

    /**
     * What a check found.
     *
     * @param failures how many rows (or cases) fail it
     * @param message what it found, in words
     * @param sample a few failing rows, as column → value
     */
    public record Result(boolean passed, long failures, String message, List<Map<String, Object>> sample) {
        public Result {
            requireNonNull(message, "message");
            sample = List.copyOf(sample);
        }

        public static Result passed(String message) {
            return new Result(true, 0, message, List.of());
        }

        public static Result failed(long failures, String message) {
            return new Result(false, failures, message, List.of());
        }
    }

    public AssetCheck {
        requireNonNull(name, "name");
        requireNonNull(severity, "severity");
        requireNonNull(check, "check");
    }
}
