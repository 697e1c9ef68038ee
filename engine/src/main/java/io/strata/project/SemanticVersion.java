package io.strata.project;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A version as dbt and its packages write them: {@code 1.3.0}, {@code 1.8.0-b2}. A missing minor or patch
 * number reads as 0 ({@code 1.3} is {@code 1.3.0}); build metadata after {@code +} is ignored, as semver says.
 *
 * @param prerelease the part after {@code -}, or empty for a release
 */
public record SemanticVersion(int major, int minor, int patch, String prerelease) implements Comparable<SemanticVersion> {
    private static final Pattern FORMAT = Pattern.compile(
            "v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

    public SemanticVersion {
        requireNonNull(prerelease, "prerelease");
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers cannot be negative");
        }
    }

    /** The version written as {@code text}, or empty when it is not one. */
    public static Optional<SemanticVersion> parse(String text) {
        Matcher matcher = FORMAT.matcher(text.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SemanticVersion(Integer.parseInt(matcher.group(1)), number(matcher.group(2)), number(matcher.group(3)),
                    matcher.group(4) == null ? "" : matcher.group(4)));
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static int number(String group) {
        return group == null ? 0 : Integer.parseInt(group);
    }

    public boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    @Override
    public int compareTo(SemanticVersion other) {
        int byNumbers = major != other.major ? Integer.compare(major, other.major)
                : minor != other.minor ? Integer.compare(minor, other.minor)
                : Integer.compare(patch, other.patch);
        if (byNumbers != 0) {
            return byNumbers;
        }
        // A prerelease comes before its release: 1.8.0-b2 < 1.8.0.
        if (prerelease.isEmpty() || other.prerelease.isEmpty()) {
            return Boolean.compare(prerelease.isEmpty(), other.prerelease.isEmpty());
        }
        return comparePrereleases(prerelease, other.prerelease);
    }

    /** Dot-separated identifiers compared in turn, numbers as numbers and below words, as semver orders them. */
    private static int comparePrereleases(String left, String right) {
        String[] leftParts = left.split("\\.");
        String[] rightParts = right.split("\\.");
        for (int i = 0; i < Math.min(leftParts.length, rightParts.length); i++) {
            boolean leftNumber = leftParts[i].chars().allMatch(Character::isDigit);
            boolean rightNumber = rightParts[i].chars().allMatch(Character::isDigit);
            int order = leftNumber && rightNumber ? new java.math.BigInteger(leftParts[i]).compareTo(new java.math.BigInteger(rightParts[i]))
                    : leftNumber != rightNumber ? (leftNumber ? -1 : 1)
                    : leftParts[i].compareTo(rightParts[i]);
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(leftParts.length, rightParts.length);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (prerelease.isEmpty() ? "" : "-" + prerelease);
    }
}
