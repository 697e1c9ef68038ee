package io.strata.template;

/** Finds a word or sign in a tag's text where it stands outside quotes and brackets. */
final class Keywords {
    private Keywords() {
    }

    /**
     * The index of {@code keyword} at or after {@code from} outside quotes and at bracket depth 0, or -1; a keyword
     * made of letters must stand as a whole word.
     */
    static int find(String text, String keyword, int from) {
        boolean word = Character.isLetter(keyword.charAt(0));
        return scan(text, from, (index, depth) -> depth == 0 && text.startsWith(keyword, index)
                && (!word || !isWordPart(text, index - 1) && !isWordPart(text, index + keyword.length())));
    }

    /** The index of the bracket that closes the one at {@code open}, or -1. */
    static int closing(String text, int open) {
        return scan(text, open, (index, depth) -> depth == 0 && index > open);
    }

    private interface Stop {
        boolean at(int index, int depth);
    }

    private static int scan(String text, int from, Stop stop) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                }
                else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '\'', '"' -> quote = c;
                case '(', '[', '{' -> depth++;
                case ')', ']', '}' -> {
                    depth--;
                    if (stop.at(i, depth)) {
                        return i;
                    }
                }
                default -> {
                    if (stop.at(i, depth)) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }

    private static boolean isWordPart(String text, int index) {
        if (index < 0 || index >= text.length()) {
            return false;
        }
        char c = text.charAt(index);
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }
}
