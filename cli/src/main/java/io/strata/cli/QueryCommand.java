package io.strata.cli;

import de.siegmar.fastcsv.writer.CsvWriter;
import io.strata.branch.Branches;
import io.strata.service.QueryResult;
import io.strata.service.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code strata query "SQL"}: runs a read query on a branch and prints the rows (like {@code dbt show}). */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Run a read-only query on main or a branch and print the rows. Starts the local stack if needed.")
final class QueryCommand implements Callable<Integer> {
    enum Output { table, json, csv }

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
    public Integer call() throws java.io.IOException {
        QueryResult result;
        try (Workspace workspace = stack.open(spec.commandLine().getErr())) {
            result = workspace.query(sql, ref, limit);
        }
        print(result);
        return 0;
    }

    private void print(QueryResult result) throws java.io.IOException {
        List<String> columns = result.columns();
        List<List<Object>> objects = result.rows();
        List<List<String>> values = objects.stream()
                .map(row -> row.stream().map(value -> value == null ? "NULL" : value.toString()).toList()).toList();
        boolean truncated = result.truncated();
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
