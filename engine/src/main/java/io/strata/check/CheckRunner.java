package io.strata.check;

import io.strata.engine.Engine;
import io.strata.graph.Asset;
import io.strata.project.CheckDefinition;
import io.strata.project.Relation;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Runs data tests on a branch: counts the failing rows, keeps a sample, stores them when asked. */
public final class CheckRunner {
    private static final int SAMPLE = 5;

    private final Engine engine;
    private final String branch;

    public CheckRunner(Engine engine, String branch) {
        this.engine = engine;
        this.branch = branch;
    }

    /** Runs one YAML test of an asset; empty for a test Strata has no SQL for (custom generic tests). */
    public Optional<CheckResult> run(CheckDefinition check, Asset asset, Function<String, Optional<Relation>> relationOf) throws SQLException {
        return run(check, asset, relationOf, Optional.empty());
    }

    /** Runs one YAML test of an asset over the rows the SQL condition {@code rows} holds for, when given. */
    public Optional<CheckResult> run(CheckDefinition check, Asset asset, Function<String, Optional<Relation>> relationOf, Optional<String> rows)
            throws SQLException {
        Optional<String> sql = CheckQuery.sql(check, asset, relationOf, rows);
        if (sql.isEmpty()) {
            return Optional.empty();
        }
        String name = CheckQuery.name(check, asset);
        boolean store = Boolean.parseBoolean(check.config().string("store_failures").orElse("false"));
        Relation storage = new Relation(asset.relation().orElseThrow().schema() + "_test_failures", name);
        return Optional.of(run(name, asset, sql.get(), check, store ? Optional.of(storage) : Optional.empty()));
    }

    /** Runs a singular test (its rows are the failures) against the assets it reads. */
    public CheckResult runSingular(String name, Asset asset, String sql, CheckDefinition asDefinition) throws SQLException {
        return run(name, asset, sql, asDefinition, Optional.empty());
    }

    private CheckResult run(String name, Asset asset, String sql, CheckDefinition check, Optional<Relation> storage) throws SQLException {
        String body = sql.strip().replaceAll(";+$", "");
        try (Connection connection = engine.connect(branch); Statement statement = connection.createStatement()) {
            long failures;
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM (\n" + body + "\n) AS failures")) {
                count.next();
                failures = count.getLong(1);
            }
            List<Map<String, Object>> sample = new ArrayList<>();
            if (failures > 0) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM (\n" + body + "\n) AS failures LIMIT " + SAMPLE)) {
                    while (rows.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                            row.put(rows.getMetaData().getColumnLabel(i), rows.getObject(i));
                        }
                        sample.add(row);
                    }
                }
            }
            if (storage.isPresent()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + Relation.quote(storage.get().schema()));
                statement.execute("CREATE OR REPLACE TABLE " + storage.get().render() + " AS\n" + body);
            }
            return new CheckResult(name, asset.key(), CheckOutcome.of(check, failures), failures, sample, body, storage.map(Relation::render));
        }
    }
}
