package io.strata.engine.dremio;

import io.strata.project.Relation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks where the version clauses of Dremio statements stand, independently of the code that puts them there
 * (regular expressions over the text with its literals and comments blanked, not {@link BranchQualifier}'s tokens):
 * <ul>
 *   <li>the target of a write (CREATE TABLE, CREATE VIEW, INSERT, MERGE, DELETE, DROP) carries {@code AT BRANCH} or
 *       {@code AT REF} with the run's branch, as Dremio's {@code WriteableAtVersionSpec} allows;</li>
 *   <li>every other table of the Nessie source in a statement that reads the branch carries {@code AT BRANCH "<branch>"};</li>
 *   <li>a view's body names the source's tables with no {@code AT} (the view follows the branch it is read from);</li>
 *   <li>no lake relation is named without the source (Dremio would not find it, or read it elsewhere).</li>
 * </ul>
 * Public for the checks of whole compiled projects in other modules.
 */
public final class DremioPlacement {
    private static final String IDENTIFIER = "(?:[A-Za-z_][A-Za-z0-9_$]*|\"(?:[^\"]|\"\")*\")";
    private static final Pattern VERSION = Pattern.compile("^\\s+AT\\s+(BRANCH|REF|REFERENCE|TAG|COMMIT|SNAPSHOT)\\s+(\"(?:[^\"]|\"\")*\"|[A-Za-z0-9_$]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern WRITE = Pattern.compile(
            "(?:CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TABLE|VIEW)|INSERT\\s+INTO|MERGE\\s+INTO|DELETE\\s+FROM|DROP\\s+(?:TABLE|VIEW)(?:\\s+IF\\s+EXISTS)?)\\s+$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern COLUMN_LIST = Pattern.compile("^\\s*\\((?:[^()]|\\([^()]*\\))*\\)");

    private final Pattern sourceTable;
    private final List<Pattern> bareRelations = new ArrayList<>();
    private final Set<Relation> lake;

    /**
     * @param source the Nessie source's name in Dremio
     * @param lake the relations of the lake the statements may name
     */
    public DremioPlacement(String source, Set<Relation> lake) {
        this.lake = Set.copyOf(lake);
        String sourceName = "(?:" + Pattern.quote(source) + "|\"" + Pattern.quote(source) + "\")";
        this.sourceTable = Pattern.compile("(?<![\\w.\"])" + sourceName + "\\." + IDENTIFIER + "\\." + IDENTIFIER + "(?![\\w\"])",
                Pattern.CASE_INSENSITIVE);
        for (Relation relation : this.lake) {
            bareRelations.add(Pattern.compile("(?<![\\w.\"])(?:" + name(relation.schema()) + ")\\.(?:" + name(relation.identifier()) + ")(?![\\w\"])"));
        }
    }

    private static String name(String part) {
        String quoted = "\"" + Pattern.quote(part.replace("\"", "\"\"")) + "\"";
        return Relation.quote(part).startsWith("\"") ? quoted : "(?i:" + Pattern.quote(part) + ")|" + quoted;
    }

    /** What is wrong with a statement that writes or reads the branch (CTAS, DML, DROP, a check's SELECT); empty when nothing. */
    public List<String> onBranch(String statement, String branch) {
        return check(statement, branch, false);
    }

    /** What is wrong with a CREATE VIEW: its target must name the branch, its body none for the source's tables. */
    public List<String> view(String statement, String branch) {
        List<String> problems = check(statement, branch, true);
        if (!statement.stripLeading().toUpperCase(java.util.Locale.ROOT).startsWith("CREATE OR REPLACE VIEW")) {
            problems.add("not a CREATE OR REPLACE VIEW: " + excerpt(statement, 0));
        }
        return problems;
    }

    private List<String> check(String statement, String branch, boolean view) {
        List<String> problems = new ArrayList<>();
        String text = blank(statement);
        String expected = "\"" + branch.replace("\"", "\"\"") + "\"";
        Matcher table = sourceTable.matcher(text);
        while (table.find()) {
            boolean write = WRITE.matcher(text.substring(0, table.start())).find();
            String after = text.substring(table.end());
            if (write && text.substring(0, table.start()).matches("(?is)\\s*CREATE\\s+TABLE\\s+$")) {
                Matcher columns = COLUMN_LIST.matcher(after);
                if (columns.find()) {
                    after = after.substring(columns.end());
                }
            }
            Matcher version = VERSION.matcher(after);
            boolean versioned = version.find();
            String where = excerpt(statement, table.start());
            if (write) {
                if (!versioned) {
                    problems.add("the written table has no AT BRANCH: " + where);
                }
                else if (!Set.of("BRANCH", "REF", "REFERENCE").contains(version.group(1).toUpperCase(java.util.Locale.ROOT))) {
                    problems.add("a write can only be AT BRANCH or AT REF, not AT " + version.group(1) + ": " + where);
                }
                else if (!version.group(2).equals(expected)) {
                    problems.add("the written table is at " + version.group(2) + ", not the branch " + expected + ": " + where);
                }
            }
            else if (view && versioned) {
                problems.add("a view's body pins a table of the source with AT (the view would not follow the branch it is read from): " + where);
            }
            else if (!view && !versioned) {
                problems.add("a table of the source is read without AT BRANCH (Dremio reads the source's default branch): " + where);
            }
            else if (!view && !(version.group(1).equalsIgnoreCase("BRANCH") && version.group(2).equals(expected))) {
                problems.add("a table of the source is read at " + version.group(0).strip() + ", not AT BRANCH " + expected + ": " + where);
            }
        }
        for (Pattern bare : bareRelations) {
            Matcher relation = bare.matcher(text);
            while (relation.find()) {
                problems.add("a lake relation is named without its source: " + excerpt(statement, relation.start()));
            }
        }
        return problems;
    }

    /** The statement with its string literals and comments replaced by spaces, so that only SQL is matched. */
    static String blank(String sql) {
        StringBuilder out = new StringBuilder(sql);
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'') {
                end = i + 1;
                while (end < sql.length() && !(sql.charAt(end) == '\'' && (end + 1 >= sql.length() || sql.charAt(end + 1) != '\''))) {
                    end += sql.charAt(end) == '\'' ? 2 : 1;
                }
                end = Math.min(end + 1, sql.length());
            }
            else if (c == '"') {
                end = sql.indexOf('"', i + 1);
                while (end > 0 && end + 1 < sql.length() && sql.charAt(end + 1) == '"') {
                    end = sql.indexOf('"', end + 2);
                }
                i = end < 0 ? sql.length() : end + 1;
                continue;
            }
            else if (sql.startsWith("--", i)) {
                end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
            }
            else if (sql.startsWith("/*", i)) {
                end = sql.indexOf("*/", i + 2);
                end = end < 0 ? sql.length() : end + 2;
            }
            else {
                i++;
                continue;
            }
            for (int j = i; j < end; j++) {
                if (out.charAt(j) != '\n') {
                    out.setCharAt(j, ' ');
                }
            }
            i = end;
        }
        return out.toString();
    }

    private static String excerpt(String statement, int at) {
        int line = statement.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
        int end = statement.indexOf('\n', at);
        return statement.substring(line, end < 0 ? statement.length() : end).strip();
    }
}
