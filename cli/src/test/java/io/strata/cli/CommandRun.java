package io.strata.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the {@code strata} command line in the test JVM and keeps what it printed. */
record CommandRun(int exitCode, String out, String err) {
    /** Runs {@code args} with {@code --project project} added, unless the arguments ask for help. */
    static CommandRun in(Path project, String... args) {
        List<String> withProject = new ArrayList<>(List.of(args));
        if (!withProject.contains("--project") && !withProject.contains("--help") && !withProject.contains("-h") && args.length > 0) {
            withProject.addAll(List.of("--project", project.toString()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = StrataCommand.run(withProject.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new CommandRun(exitCode, out.toString(), err.toString());
    }
}
