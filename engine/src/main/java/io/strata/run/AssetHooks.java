package io.strata.run;

import io.strata.engine.Engine;
import io.strata.graph.Asset;
import io.strata.project.HookPhase;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs a model's or seed's compiled hooks on the run's branch around its build: the pre-hooks in order before it, the post-hooks
 * in order after it, each one statement. A hook that fails fails the build, so the run keeps its branch and main is
 * untouched; the post-hooks of a build that failed do not run.
 */
final class AssetHooks {
    /** A build of the asset between its hooks. */
    interface Build<T> {
        T run() throws SQLException;
    }

    private AssetHooks() {
    }

    static <T> T around(Engine engine, String branch, Asset asset, Build<T> build) throws SQLException {
        run(engine, branch, asset, HookPhase.PRE);
        T built = build.run();
        run(engine, branch, asset, HookPhase.POST);
        return built;
    }

    private static void run(Engine engine, String branch, Asset asset, HookPhase phase) throws SQLException {
        List<String> hooks = asset.hooks().of(phase);
        if (hooks.isEmpty()) {
            return;
        }
        try (Connection connection = engine.connect(branch); Statement statement = connection.createStatement()) {
            for (int i = 0; i < hooks.size(); i++) {
                try {
                    statement.execute(hooks.get(i));
                }
                catch (SQLException e) {
                    throw new HookFailed(phase, i, hooks.size(), hooks.get(i), e);
                }
            }
        }
    }

    /** A hook the engine refused: says which hook, its text and the engine's message; keeps the engine's codes for retries. */
    static final class HookFailed extends SQLException {
        HookFailed(HookPhase phase, int index, int count, String hook, SQLException cause) {
            super(phase.key() + (count > 1 ? " " + (index + 1) + " of " + count : "") + " failed: " + hook + "\n" + cause.getMessage(),
                    cause.getSQLState(), cause.getErrorCode(), cause);
        }
    }
}
