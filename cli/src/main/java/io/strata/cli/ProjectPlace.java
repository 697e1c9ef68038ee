package io.strata.cli;

import io.strata.project.Profile;
import io.strata.project.ProjectFile;
import io.strata.run.RunStore;
import io.strata.stack.Profiles;
import io.strata.lake.LakeEndpoints;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** Where a command's project is, runs and keeps its history, from its {@code --project} and {@code --profile}. */
final class ProjectPlace {
    private ProjectPlace() {
    }

    /** The folder holding the project file. */
    static Path root(Path project) {
        return ProjectFile.locate(project).getParent();
    }

    /** The profile named (null: the project's default). */
    static Profile profile(Path project, String name) {
        return ProjectFile.load(root(project)).profile(Optional.ofNullable(name));
    }

    /** The servers of the profile: the local stack, started or reused (its messages on {@code err}), or the remote ones. */
    static LakeEndpoints endpoints(Path project, Profile profile, PrintWriter err) {
        return Profiles.endpoints(profile, root(project), messages(err));
    }

    /** The run store of the profile, with runs whose process died marked abandoned. */
    static RunStore runStore(Path project, String profileName) {
        RunStore store = RunStore.forProfile(profile(project, profileName), root(project));
        store.abandonDead();
        return store;
    }

    static PrintStream messages(PrintWriter err) {
        return new PrintStream(new WriterOutputStream(err), true, StandardCharsets.UTF_8);
    }
}
