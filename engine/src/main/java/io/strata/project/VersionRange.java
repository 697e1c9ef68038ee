package io.strata.project;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The versions a list of constraints allows, as dbt reads {@code require-dbt-version} and a hub package's
 * {@code version:}: {@code [">=1.3.0", "<2.0.0"]} allows what every constraint allows; a bare version
 * ({@code 1.3.0} or {@code =1.3.0}) allows only itself.
 */
public record VersionRange(List<Constraint> constraints) {
    private static final Pattern CONSTRAINT = Pattern.compile("(>=|<=|==|=|>|<)?\\s*(.+)");

    public VersionRange {
        constraints = List.copyOf(constraints);
    }

    /** One comparison with a version: {@code >=1.3.0}. */
    public record Constraint(Operator operator, SemanticVersion version) {
        public Constraint {
            requireNonNull(operator, "operator");
            requireNonNull(version, "version");
        }

        boolean allows(SemanticVersion candidate) {
            int order = candidate.compareTo(version);
            return switch (operator) {
                case EQUAL -> order == 0;
                case GREATER -> order > 0;
                case GREATER_OR_EQUAL -> order >= 0;
                case LESS -> order < 0;
                case LESS_OR_EQUAL -> order <= 0;
            };
        }

        @Override
        public String toString() {
            return operator.symbol + version;
        }
    }

    public enum Operator {
        EQUAL("="), GREATER(">"), GREATER_OR_EQUAL(">="), LESS("<"), LESS_OR_EQUAL("<=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }
    }

    /**
     * The range the constraints {@code texts} write; a constraint that is not a comparison with a version is an
     * {@link IllegalArgumentException} whose message quotes it, for the caller to place in its file.
     */
    public static VersionRange parse(List<String> texts) {
        List<Constraint> constraints = new ArrayList<>();
        for (String text : texts) {
            Matcher matcher = CONSTRAINT.matcher(text.strip());
            SemanticVersion version = matcher.matches() ? SemanticVersion.parse(matcher.group(2)).orElse(null) : null;
            if (version == null) {
                throw new IllegalArgumentException("'" + text + "' is not a version or a version constraint such as '>=1.3.0' or '<2.0.0'");
            }
            constraints.add(new Constraint(operator(matcher.group(1)), version));
        }
        return new VersionRange(constraints);
    }

    public static VersionRange parse(String... texts) {
        return parse(List.of(texts));
    }

    private static Operator operator(String symbol) {
        return switch (symbol == null ? "=" : symbol) {
            case "=", "==" -> Operator.EQUAL;
            case ">" -> Operator.GREATER;
            case ">=" -> Operator.GREATER_OR_EQUAL;
            case "<" -> Operator.LESS;
            case "<=" -> Operator.LESS_OR_EQUAL;
            default -> throw new IllegalArgumentException("unknown comparison " + symbol);
        };
    }

    /** Whether every constraint allows {@code version}; an empty range allows every version. */
    public boolean contains(SemanticVersion version) {
        return constraints.stream().allMatch(constraint -> constraint.allows(version));
    }

    /** Whether a constraint names a prerelease, which is how a range asks for prereleases at all. */
    public boolean mentionsPrerelease() {
        return constraints.stream().anyMatch(constraint -> constraint.version().isPrerelease());
    }

    /** The highest of {@code candidates} within the range; prereleases only when the range names one. */
    public java.util.Optional<SemanticVersion> highest(java.util.Collection<SemanticVersion> candidates) {
        return candidates.stream()
                .filter(candidate -> !candidate.isPrerelease() || mentionsPrerelease())
                .filter(this::contains)
                .max(SemanticVersion::compareTo);
    }

    /** The constraints as dbt writes them: {@code >=1.3.0, <2.0.0}. */
    @Override
    public String toString() {
        return constraints.isEmpty() ? "any version" : constraints.stream().map(Constraint::toString).collect(Collectors.joining(", "));
    }
}
