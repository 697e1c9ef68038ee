package io.strata.engine.dremio;

import io.strata.project.Relation;
import io.strata.sql.SqlLexer;
import io.strata.sql.SqlLexer.Kind;
import io.strata.sql.SqlLexer.Token;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Rewrites the lake relations a compiled query reads into their Dremio path on a branch:
 * {@code from silver.sessions s} becomes {@code from nessie.silver.sessions AT BRANCH "run-42" s} (the version
 * clause comes before the alias in Dremio's grammar: {@code TableWithVersionContext} follows the table identifier).
 *
 * <p>Token-aware, not textual: string literals, comments and quoted identifiers are read as whole tokens, so a
 * {@code 'silver.sessions'} literal or a comment is never touched; only a name in a table position (after
 * {@code FROM}, {@code JOIN}, {@code USING}, or a comma of a {@code FROM} list) that names a known lake relation is rewritten. A
 * name already qualified with the source gets the branch; one that already has an {@code AT} clause is left as
 * written; names of other Dremio sources and CTEs are not lake relations and stay as they are.
 */
final class BranchQualifier {
    private final String source;
    private final Set<String> lake = new HashSet<>();

    /**
     * @param source the Nessie source's name in Dremio
     * @param relations the lake relations the query may read (the asset's parents, or every table and view of the branch)
     */
    BranchQualifier(String source, Set<Relation> relations) {
        this.source = requireNonNull(source, "source");
        relations.forEach(relation -> lake.add(relation.schema() + "\u0000" + relation.identifier()));
    }

    /**
     * The query with its lake relations named by their path in the source, followed by {@code AT BRANCH} when a
     * branch is given (statements that read a branch) and by nothing otherwise (view bodies). With a branch, the
     * table a statement writes ({@code INSERT INTO}, {@code MERGE INTO}, {@code CREATE TABLE}, {@code DROP TABLE})
     * gets its path and the branch too, whether or not it exists yet, so that a connection on a branch writes there.
     */
    String qualify(String sql, Optional<String> branch) {
        List<Token> tokens = SqlLexer.tokens(sql);
        java.util.TreeMap<Integer, String> insertions = new java.util.TreeMap<>();
        Deque<String> clauses = new ArrayDeque<>();
        clauses.push("");
        List<String> recent = new ArrayList<>();
        Token previous = null;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.blank()) {
                continue;
            }
            boolean name = token.kind() == Kind.WORD || token.kind() == Kind.QUOTED;
            Optional<Write> write = branch.isPresent() && name && !token.upper().equals("IF") ? Write.after(recent) : Optional.empty();
            if (token.is("(")) {
                clauses.push("");
            }
            else if (token.is(")") && clauses.size() > 1) {
                clauses.pop();
            }
            else if (write.isEmpty() && token.kind() == Kind.WORD && CLAUSES.contains(token.upper())) {
                clauses.pop();
                clauses.push(token.upper().equals("JOIN") ? "FROM" : token.upper());
            }
            else if (name && (write.isPresent() || inTablePosition(previous, clauses.peek()))) {
                int end = chainEnd(tokens, i);
                List<Token> parts = new ArrayList<>();
                for (int j = i; j <= end; j += 2) {
                    parts.add(tokens.get(j));
                }
                Optional<Token> next = nextSignificant(tokens, end + 1);
                boolean call = write.isEmpty() && next.filter(t -> t.is("(")).isPresent();
                boolean versioned = next.filter(t -> t.kind() == Kind.WORD && t.upper().equals("AT")).isPresent();
                boolean sourced = parts.size() == 3 && sameName(parts.get(0), source);
                boolean named = parts.size() == 2 && (write.isPresent() || isLake(parts.get(0), parts.get(1)));
                boolean qualified = sourced && (write.isPresent() || isLake(parts.get(1), parts.get(2)));
                if (!call && !versioned && (named || (qualified && branch.isPresent()))) {
                    if (named) {
                        insertions.merge(token.start(), Relation.quote(source) + ".", String::concat);
                    }
                    int at = write.filter(kind -> kind == Write.CREATE_TABLE).isPresent() && next.filter(t -> t.is("(")).isPresent()
                            ? closingParenthesis(tokens, tokens.indexOf(next.get())).end() : tokens.get(end).end();
                    branch.ifPresent(value -> insertions.merge(at, " " + DremioStatements.atBranch(value), String::concat));
                }
                previous = tokens.get(end);
                recent.add(previous.upper());
                i = end;
                continue;
            }
            previous = token;
            recent.add(token.upper());
        }
        StringBuilder out = new StringBuilder(sql.length() + 64);
        int copied = 0;
        for (var insertion : insertions.entrySet()) {
            out.append(sql, copied, insertion.getKey()).append(insertion.getValue());
            copied = insertion.getKey();
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /** The statements whose target a connection on a branch writes there, by the words before the target. */
    private enum Write {
        INSERT, MERGE, DROP_TABLE, CREATE_TABLE;

        static Optional<Write> after(List<String> recent) {
            if (endsWith(recent, "INSERT", "INTO")) {
                return Optional.of(INSERT);
            }
            if (endsWith(recent, "MERGE", "INTO")) {
                return Optional.of(MERGE);
            }
            if (endsWith(recent, "DROP", "TABLE") || endsWith(recent, "DROP", "TABLE", "IF", "EXISTS")) {
                return Optional.of(DROP_TABLE);
            }
            if (endsWith(recent, "CREATE", "TABLE") || endsWith(recent, "CREATE", "TABLE", "IF", "NOT", "EXISTS")) {
                return Optional.of(CREATE_TABLE);
            }
            return Optional.empty();
        }

        private static boolean endsWith(List<String> recent, String... words) {
            return recent.size() >= words.length && recent.subList(recent.size() - words.length, recent.size()).equals(List.of(words));
        }
    }

    /** The token closing the parenthesis opened at {@code open}. */
    private static Token closingParenthesis(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).is("(")) {
                depth++;
            }
            else if (tokens.get(i).is(")") && --depth == 0) {
                return tokens.get(i);
            }
        }
        return tokens.getLast();
    }

    private static final Set<String> CLAUSES = Set.of("SELECT", "FROM", "JOIN", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "ON", "UNION",
            "EXCEPT", "INTERSECT", "WINDOW", "QUALIFY", "SET", "VALUES", "USING", "OFFSET", "FETCH");

    private static boolean inTablePosition(Token previous, String clause) {
        if (previous == null) {
            return false;
        }
        if (previous.kind() == Kind.WORD && Set.of("FROM", "JOIN", "USING").contains(previous.upper())) {
            return true;
        }
        return previous.is(",") && clause.equals("FROM");
    }

    /** The index of the last name of a dotted chain starting at {@code start} ({@code a.b.c}: no spaces around the dots). */
    private static int chainEnd(List<Token> tokens, int start) {
        int end = start;
        while (end + 2 < tokens.size() && tokens.get(end + 1).is(".")
                && (tokens.get(end + 2).kind() == Kind.WORD || tokens.get(end + 2).kind() == Kind.QUOTED)) {
            end += 2;
        }
        return end;
    }

    static Optional<Token> nextSignificant(List<Token> tokens, int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (!tokens.get(i).blank()) {
                return Optional.of(tokens.get(i));
            }
        }
        return Optional.empty();
    }

    private boolean isLake(Token schema, Token table) {
        return lake.contains(schema.name() + "\u0000" + table.name());
    }

    /** Unquoted names compare without case, as Dremio resolves them; quoted ones exactly. */
    private static boolean sameName(Token part, String name) {
        return part.kind() == Kind.QUOTED ? part.name().equals(name) : part.name().equalsIgnoreCase(name);
    }
}
