package io.strata.cli;

import io.strata.compile.CompileOptions;
import io.strata.lake.LakeLocator;
import io.strata.project.ProjectFile;
import io.strata.service.Workspace;
import io.strata.stack.Profiles;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Where a command's project is, and the workspace that opens it with the servers of its profile. */
final class ProjectPlace {
    private ProjectPlace() {
    }

    /** The folder holding the project file. */
    static Path root(Path project) {
        return ProjectFile.locate(project).getParent();
    }

    /** The project opened for one command; the local stack starts (its messages on {@code err}) when an action needs it. */
    static Workspace open(Path project, CompileOptions options, PrintWriter err) {
        return Workspace.open(project, options, locator(err));
    }

    /** The local stack, started or reused, for local profiles; the servers a remote profile names otherwise. */
    static LakeLocator locator(PrintWriter err) {
        PrintStream messages = messages(err);
        return (profile, root) -> Profiles.endpoints(profile, root, messages);
    }

    static PrintStream messages(PrintWriter err) {
        return new PrintStream(new WriterOutputStream(err), true, StandardCharsets.UTF_8);
    }
}
