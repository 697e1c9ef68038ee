package io.strata.select;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Shell-style wildcards in selector values: {@code *} and {@code ?}. */
final class Glob {
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private Glob() {
    }

    static boolean matches(String glob, String text) {
        if (glob.indexOf('*') < 0 && glob.indexOf('?') < 0) {
            return glob.equals(text);
        }
        return PATTERNS.computeIfAbsent(glob, Glob::compile).matcher(text).matches();
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
