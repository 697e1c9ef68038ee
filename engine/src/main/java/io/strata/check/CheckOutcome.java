package io.strata.check;

import io.strata.project.CheckDefinition;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many failing rows make a check fail or warn: dbt's {@code error_if} and {@code warn_if}
 * (default {@code != 0}) decide, by severity.
 */
public enum CheckOutcome {
    PASS, WARN, FAIL;

    private static final Pattern CONDITION = Pattern.compile("\\s*(==|=|!=|<>|>=|<=|>|<)\\s*(\\d+)\\s*");

    public static CheckOutcome of(CheckDefinition check, long failures) {
        boolean warns = holds(check.config().string("warn_if").orElse("!= 0"), failures, check);
        if (check.severity() == CheckDefinition.Severity.ERROR && holds(check.config().string("error_if").orElse("!= 0"), failures, check)) {
            return FAIL;
        }
        return warns ? WARN : PASS;
    }

    static boolean holds(String condition, long failures, CheckDefinition check) {
        Matcher matcher = CONDITION.matcher(condition);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + condition + "' of test '" + check.test() + "' at " + check.location()
                    + " is not a condition like '> 10' or '!= 0'");
        }
        long limit = Long.parseLong(matcher.group(2));
        return switch (matcher.group(1).toLowerCase(Locale.ROOT)) {
            case "==", "=" -> failures == limit;
            case "!=", "<>" -> failures != limit;
            case ">=" -> failures >= limit;
            case "<=" -> failures <= limit;
            case ">" -> failures > limit;
            case "<" -> failures < limit;
            default -> throw new IllegalStateException(matcher.group(1));
        };
    }
}
