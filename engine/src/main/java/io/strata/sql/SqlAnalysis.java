package io.strata.sql;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What the SQL reader learnt from one compiled statement.
 *
 * @param problem why it could not be read, with the position, if it could not; Strata's reader does not
 *        know every engine's syntax, so this is a warning, never a failure
 * @param statementKind the statement's kind when it is not a query (e.g. {@code INSERT})
 * @param tables the tables and views read in FROM and JOIN clauses
 * @param commonTableNames the names the statement defines with WITH
 */
public record SqlAnalysis(Optional<Problem> problem, Optional<String> statementKind, List<TableReference> tables,
                          Set<String> commonTableNames) {
    public SqlAnalysis {
        requireNonNull(problem, "problem");
        requireNonNull(statementKind, "statementKind");
        tables = List.copyOf(tables);
        commonTableNames = Set.copyOf(commonTableNames);
    }

    public boolean parsed() {
        return problem.isEmpty();
    }

    public record Problem(String message, int line, int column) {
    }
}
