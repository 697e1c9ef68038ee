package io.strata.cli;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.strata.branch.Branches;
import io.strata.branch.NessieBranches;
import io.strata.engine.trino.TrinoEngine;
import io.strata.lake.LakeEndpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code strata query "SQL"}: runs a read query on a branch and prints the rows (like {@code dbt show}). */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run a read-only query on main or a branch and print the rows. Starts the local stack if needed.")
final class QueryCommand implements Callable<Integer> {
    enum Output { table, json, csv }

    private static final Set<String> READ_STATEMENTS = Set.of("SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "VALUES", "TABLE");
    private static final Pattern FIRST_WORD = Pattern.compile("\\A(?:\\s+|--[^\\n]*\\n?|/\\*.*?\\*/|\\()*([A-Za-z]+)", Pattern.DOTALL);

    @Mixin
    StackCommand.StackOptions stack;

    @Parameters(paramLabel = "SQL", description = "The query, e.g. \"select * from gold.sales_trends limit 10\".")
    String sql;

    @Option(names = "--ref", paramLabel = "BRANCH", description = "The branch to read (default: main).")
    String ref = Branches.MAIN;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default), json or csv.")
    Output output = Output.table;

    @Option(names = "--limit", paramLabel = "N", description = "Print at most N rows (default 500).")
    int limit = 500;


    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws SQLException, java.io.IOException {
        String statementKind = statementKind(sql);
        if (!READ_STATEMENTS.contains(statementKind)) {
            throw new CommandRefusedException("strata query runs read-only statements (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN, VALUES);"
                    + " '" + statementKind + "' would change data: make it a model and run strata materialize");
        }
        LakeEndpoints endpoints = ProjectPlace.endpoints(stack.project, ProjectPlace.profile(stack.project, stack.profile),
                spec.commandLine().getErr());
        if (!ref.equals(Branches.MAIN)) {
            try (NessieBranches branches = new NessieBranches(endpoints.nessieApi())) {
                if (branches.find(ref).isEmpty()) {
                    throw new CommandRefusedException("no branch '" + ref + "'; strata branches lists them");
                }
            }
        }
        TrinoEngine engine = new TrinoEngine(endpoints);
        try (Connection connection = engine.connect(ref); Statement statement = connection.createStatement()) {
            statement.setMaxRows(limit + 1);
            try (ResultSet rows = statement.executeQuery(sql)) {
                print(rows);
            }
        }
        catch (SQLException e) {
            throw new CommandRefusedException("the query failed on " + ref + ": " + e.getMessage());
        }
        return 0;
    }

    static String statementKind(String sql) {
        Matcher matcher = FIRST_WORD.matcher(sql);
        return matcher.find() ? matcher.group(1).toUpperCase(Locale.ROOT) : "";
    }

    private void print(ResultSet rows) throws SQLException, java.io.IOException {
        ResultSetMetaData meta = rows.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i));
        }
        List<List<String>> values = new ArrayList<>();
        List<List<Object>> objects = new ArrayList<>();
        boolean truncated = false;
        while (rows.next()) {
            if (values.size() == limit) {
                truncated = true;
                break;
            }
            List<String> row = new ArrayList<>();
            List<Object> raw = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
                Object value = rows.getObject(i);
                raw.add(value);
                row.add(value == null ? "NULL" : value.toString());
            }
            values.add(row);
            objects.add(raw);
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (output) {
            case table -> printTable(out, columns, values);
            case csv -> {
                CsvWriter csv = CsvWriter.builder().build(out);
                csv.writeRecord(columns);
                for (List<Object> row : objects) {
                    csv.writeRecord(row.stream().map(value -> value == null ? "" : value.toString()).toList());
                }
                csv.flush();
            }
            case json -> {
                List<Map<String, Object>> records = new ArrayList<>();
                for (List<Object> row : objects) {
                    Map<String, Object> record = new LinkedHashMap<>();
                    for (int i = 0; i < columns.size(); i++) {
                        Object value = row.get(i);
                        record.put(columns.get(i), value instanceof Number || value instanceof Boolean || value == null ? value : value.toString());
                    }
                    records.add(record);
                }
                try {
                    Console.printJson(out, records);
                }
                catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        out.flush();
        if (truncated) {
            spec.commandLine().getErr().println("strata: showing the first " + limit + " rows; --limit N shows more");
        }
    }

    private static void printTable(PrintWriter out, List<String> columns, List<List<String>> rows) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder header = new StringBuilder();
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            header.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", columns.get(i)));
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        out.println(header.toString().stripTrailing());
        out.println(rule);
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns.size(); i++) {
                line.append(i == 0 ? "" : " | ").append(String.format("%-" + widths[i] + "s", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }
}
