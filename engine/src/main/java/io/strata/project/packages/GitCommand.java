package io.strata.project.packages;

import io.strata.project.StrataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The system's {@code git}, run as a child process. It never asks for a password: a repository that needs one
 * fails with git's own message rather than waiting on a prompt nobody sees.
 */
final class GitCommand {
    private final String executable;
    private final Duration timeout;

    GitCommand(String executable, Duration timeout) {
        this.executable = requireNonNull(executable, "executable");
        this.timeout = requireNonNull(timeout, "timeout");
    }

    static GitCommand system() {
        return new GitCommand("git", Duration.ofMinutes(10));
    }

    /** {@code git clone --quiet url directory}; a failure is the host or repository not answering. */
    void clone(String url, Path directory) {
        Result result = run(directory.getParent(), "clone", "--quiet", "--", url, directory.toString());
        if (result.exitCode() != 0) {
            throw new FetchException(StrataException.Kind.ENVIRONMENT, "git clone " + url + " failed: " + result.error());
        }
    }

    /** {@code git checkout revision} in a clone; a failure is a revision the repository does not have. */
    void checkout(Path clone, String url, String revision) {
        Result result = run(clone, "-c", "advice.detachedHead=false", "checkout", "--quiet", revision);
        if (result.exitCode() != 0) {
            throw new FetchException(StrataException.Kind.PROJECT, "revision '" + revision + "' of " + url
                    + " cannot be checked out (" + result.error() + "): name a tag, a branch or a full commit sha of that repository");
        }
    }

    /** The full sha of the commit checked out in a clone. */
    String head(Path clone) {
        Result result = run(clone, "rev-parse", "HEAD");
        if (result.exitCode() != 0) {
            throw new FetchException(StrataException.Kind.ENVIRONMENT, "git rev-parse HEAD failed in " + clone + ": " + result.error());
        }
        return result.output().strip();
    }

    private record Result(int exitCode, String output, String error) {
    }

    private Result run(Path directory, String... arguments) {
        List<String> command = new ArrayList<>(List.of(executable));
        command.addAll(List.of(arguments));
        Path output = null;
        Path error = null;
        try {
            output = Files.createTempFile("strata-git", ".out");
            error = Files.createTempFile("strata-git", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(output.toFile()).redirectError(error.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            Map<String, String> environment = builder.environment();
            environment.put("GIT_TERMINAL_PROMPT", "0");
            environment.putIfAbsent("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
            Process process;
            try {
                process = builder.start();
            }
            catch (IOException e) {
                throw new FetchException(StrataException.Kind.ENVIRONMENT, "git cannot be run (" + e.getMessage()
                        + "): install git, or declare the package with 'local:'");
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new FetchException(StrataException.Kind.ENVIRONMENT, "git " + String.join(" ", arguments) + " did not finish within " + timeout.toMinutes() + " minutes");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                    Files.readString(error, StandardCharsets.UTF_8).strip().replaceAll("\\s*\\R\\s*", "; "));
        }
        catch (IOException e) {
            throw new FetchException(StrataException.Kind.ENVIRONMENT, "git " + arguments[0] + " could not run: " + e.getMessage());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException(StrataException.Kind.ENVIRONMENT, "interrupted while git " + arguments[0] + " ran");
        }
        finally {
            delete(output);
            delete(error);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            }
            catch (IOException ignored) {
                // A temporary file left behind is harmless.
            }
        }
    }
}
