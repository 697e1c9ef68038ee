package io.strata.template;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" hints for misspelt names. */
public final class Suggestions {
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private Suggestions() {
    }

    /** {@code "; did you mean 'x'?"} for the closest known name, or an empty string when none is close. */
    public static String didYouMean(String name, Collection<String> known) {
        String wanted = name.toLowerCase(Locale.ROOT);
        int best = Math.max(2, name.length() / 3) + 1;
        String closest = null;
        for (String candidate : known) {
            int distance = DISTANCE.apply(wanted, candidate.toLowerCase(Locale.ROOT));
            if (distance < best || distance == best && closest != null && candidate.compareTo(closest) < 0) {
                best = distance;
                closest = candidate;
            }
        }
        return closest == null ? "" : "; did you mean '" + closest + "'?";
    }
}
