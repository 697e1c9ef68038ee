package io.strata.template;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code ref()} renders as a placeholder, replaced once every model's final configuration (and so its
 * schema and alias, which its own {@code config()} may set) is known. This keeps compilation to one
 * render per model.
 */
public final class Placeholders {
    private static final char OPEN = '\u27E6';
    private static final char CLOSE = '\u27E7';
    private static final Pattern REF = Pattern.compile(OPEN + "ref:([^" + CLOSE + "]+)" + CLOSE);

    /**
     * What {@code partition.start}, {@code partition.end} and {@code partition.key} render as in a model: tokens a
     * partitioned model's build replaces by its window ({@code io.strata.partition.PartitionTokens}).
     */
    public static final java.util.Map<String, String> PARTITION = java.util.Map.of(
            "start", "__strata_partition_start__", "end", "__strata_partition_end__", "key", "__strata_partition_key__");

    private Placeholders() {
    }

    static String ref(String name) {
        return OPEN + "ref:" + name + CLOSE;
    }

    /** Replaces every placeholder by what {@code relationOf} returns for the model name it stands for. */
    public static String resolve(String text, Function<String, String> relationOf) {
        if (text.indexOf(OPEN) < 0) {
            return text;
        }
        Matcher matcher = REF.matcher(text);
        StringBuilder resolved = new StringBuilder(text.length() + 64);
        while (matcher.find()) {
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(relationOf.apply(matcher.group(1))));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }
}
