package io.strata.cli;

import io.strata.project.StrataException;
import io.strata.project.packages.Installation;
import io.strata.project.packages.InstalledPackage;
import io.strata.project.packages.PackageFailure;
import io.strata.project.packages.PackageLock;
import io.strata.service.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code strata deps}: installs the packages of {@code packages.yml} (or {@code dependencies.yml}) into
 * {@code dbt_packages/}, as {@code dbt deps} does. It needs only the project folder (and the network for git and
 * hub packages), never the lakehouse stack.
 */
@Command(name = "deps", mixinStandardHelpOptions = true,
        description = "Install the packages of packages.yml (or dependencies.yml) into dbt_packages/ and write package-lock.yml, as dbt deps does.")
final class DepsCommand implements Callable<Integer> {
    @Mixin
    ProjectOptions project;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Installation installation;
        Path root;
        try (Workspace workspace = project.open(err)) {
            installation = workspace.installPackages();
            root = workspace.root();
        }
        if (installation.lock() == Installation.Lock.NONE) {
            out.println("No packages to install: the project has no packages.yml or dependencies.yml listing 'packages:'");
            return 0;
        }
        for (InstalledPackage installed : installation.installed()) {
            out.println(installed.describe());
        }
        Console.printDiagnostics(err, installation.warnings());
        Console.printDiagnostics(err, installation.failures().stream().map(PackageFailure::diagnostic).toList(), root);
        switch (installation.lock()) {
            case WRITTEN -> out.println("Wrote " + PackageLock.FILE);
            case FOLLOWED -> out.println("Installed the revisions " + PackageLock.FILE + " pins (it matches " + installation.packagesFile()
                    + "; delete it to resolve the packages again)");
            case NOT_WRITTEN, NONE -> {
            }
        }
        if (!installation.succeeded()) {
            err.println("strata: " + installation.failures().size() + " of " + (installation.installed().size() + installation.failures().size())
                    + " packages could not be installed" + (installation.lock() == Installation.Lock.NOT_WRITTEN ? "; " + PackageLock.FILE + " was not written" : ""));
        }
        out.flush();
        err.flush();
        if (installation.succeeded()) {
            return 0;
        }
        // A wrong entry is the user's to fix; otherwise a host or git could not be reached.
        boolean wrongEntry = installation.failures().stream().anyMatch(failure -> failure.kind() != StrataException.Kind.ENVIRONMENT);
        return StrataCommand.exitCode(wrongEntry ? StrataException.Kind.PROJECT : StrataException.Kind.ENVIRONMENT);
    }
}
