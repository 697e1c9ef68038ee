package io.strata.project;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} references to environment variables in a project's settings (a database's URL, user, password),
 * read only when the setting is used, so that a secret never stands in a file, the compile cache or a log.
 */
public final class EnvironmentReferences {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private EnvironmentReferences() {
    }

    /** Whether {@code text} holds at least one reference. */
    public static boolean present(String text) {
        return REFERENCE.matcher(text).find();
    }

    /**
     * {@code text} with each reference replaced by the variable's value from {@code environment}; a variable that is not
     * set throws what {@code unset} makes of its name (never a value).
     */
    public static String resolve(String text, Function<String, String> environment, Function<String, RuntimeException> unset) {
        Matcher reference = REFERENCE.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (reference.find()) {
            String value = environment.apply(reference.group(1));
            if (value == null) {
                throw unset.apply(reference.group(1));
            }
            reference.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        return reference.appendTail(resolved).toString();
    }
}
