package io.strata.compile;

import io.strata.project.Location;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where a place of a model's compiled SQL was written in its source file. Jinja adds and removes lines (loops,
 * macros, tags over several lines) and compilation puts ephemeral models in front, so lines are aligned rather than
 * counted: the longest common sequence of equal lines. A line that came through rendering unchanged maps exactly,
 * column included; a line Jinja changed maps to the line between its aligned neighbours that has the name sought,
 * at the name; if none has it (Jinja wrote the name), to the nearest such line, without a column.
 */
final class SourcePositions {
    private final String[] source;
    private final String[] compiled;
    /** For each compiled line (0-based), the source line it is equal to, or -1. */
    private final int[] sourceOf;

    private SourcePositions(String[] source, String[] compiled, int[] sourceOf) {
        this.source = source;
        this.compiled = compiled;
        this.sourceOf = sourceOf;
    }

    static SourcePositions align(String sourceText, String compiledSql) {
        String[] source = sourceText.split("\n", -1);
        String[] compiled = compiledSql.split("\n", -1);
        int n = compiled.length;
        int m = source.length;
        int[][] longest = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                longest[i][j] = same(compiled[i], source[j]) ? longest[i + 1][j + 1] + 1 : Math.max(longest[i + 1][j], longest[i][j + 1]);
            }
        }
        int[] sourceOf = new int[n];
        java.util.Arrays.fill(sourceOf, -1);
        for (int i = 0, j = 0; i < n && j < m; ) {
            if (same(compiled[i], source[j])) {
                sourceOf[i++] = j++;
            }
            else if (longest[i + 1][j] >= longest[i][j + 1]) {
                i++;
            }
            else {
                j++;
            }
        }
        return new SourcePositions(source, compiled, sourceOf);
    }

    /** Blank lines and lines of punctuation only are everywhere: they never anchor the alignment. */
    private static boolean same(String compiledLine, String sourceLine) {
        String stripped = compiledLine.strip();
        return stripped.chars().anyMatch(Character::isLetterOrDigit) && stripped.equals(sourceLine.strip());
    }

    /**
     * @param line 1-based line of the compiled SQL
     * @param column 1-based column of the compiled SQL
     * @param name the name written there, to find in a line Jinja changed
     */
    Location locate(String file, int line, int column, String name) {
        int index = line - 1;
        if (index < 0 || index >= compiled.length) {
            return Location.of(file);
        }
        if (sourceOf[index] >= 0) {
            String from = compiled[index];
            String to = source[sourceOf[index]];
            int shifted = column - indent(from) + indent(to);
            return new Location(file, sourceOf[index] + 1, column > 0 && shifted > 0 ? shifted : 0);
        }
        int previous = index - 1;
        while (previous >= 0 && sourceOf[previous] < 0) {
            previous--;
        }
        int next = index + 1;
        while (next < compiled.length && sourceOf[next] < 0) {
            next++;
        }
        int first = previous < 0 ? 0 : sourceOf[previous] + 1;
        int last = next >= compiled.length ? source.length - 1 : sourceOf[next] - 1;
        if (first > last) {
            // Jinja wrote this line between two lines that came through unchanged (a macro's output): the line before is its call.
            return Location.of(file, Math.max(1, first));
        }
        int expected = Math.min(last, first + (previous < 0 ? index : index - previous - 1));
        Pattern word = Pattern.compile("(?<!\\w)" + Pattern.quote(name.toLowerCase(Locale.ROOT)) + "(?![\\w])");
        int best = -1;
        int bestColumn = 0;
        for (int candidate = first; candidate <= last; candidate++) {
            Matcher matcher = word.matcher(source[candidate].toLowerCase(Locale.ROOT));
            if (matcher.find() && (best < 0 || Math.abs(candidate - expected) < Math.abs(best - expected))) {
                best = candidate;
                bestColumn = matcher.start() + 1;
            }
        }
        if (best < 0) {
            return Location.of(file, expected + 1);
        }
        // The same name may come more than once on the line: take the occurrence with as many of it before as in the compiled line.
        int before = 0;
        Matcher inCompiled = word.matcher(compiled[index].toLowerCase(Locale.ROOT));
        while (inCompiled.find() && inCompiled.start() < column - 1) {
            before++;
        }
        Matcher inSource = word.matcher(source[best].toLowerCase(Locale.ROOT));
        for (int seen = 0; inSource.find(); seen++) {
            if (seen == before) {
                bestColumn = inSource.start() + 1;
                break;
            }
        }
        return new Location(file, best + 1, bestColumn);
    }

    private static int indent(String line) {
        int indent = 0;
        while (indent < line.length() && Character.isWhitespace(line.charAt(indent))) {
            indent++;
        }
        return indent;
    }
}
