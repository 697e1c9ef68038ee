package io.strata.engine.dremio;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A Dremio connection that reads a branch: Dremio has no session setting that points a Nessie source at a branch
 * for every statement of a JDBC connection, so the SQL text of every statement (a check's query, a user's
 * {@code strata query}, a Java asset's SQL) has its tables qualified with {@code AT BRANCH} before Dremio sees it.
 */
final class BranchConnection {
    private static final Set<String> STATEMENT_METHODS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch");
    private static final Set<String> PREPARING_METHODS = Set.of("prepareStatement", "prepareCall", "nativeSQL");

    private BranchConnection() {
    }

    /** The connection with every SQL text passed through {@code rewrite}; closing it closes the connection. */
    static Connection of(Connection connection, UnaryOperator<String> rewrite) {
        return proxy(Connection.class, connection, (proxy, method, args) -> {
            if (PREPARING_METHODS.contains(method.getName()) && args != null && args.length > 0 && args[0] instanceof String sql) {
                args[0] = rewrite.apply(sql);
            }
            Object result = invoke(connection, method, args);
            if (method.getName().equals("createStatement") && result instanceof Statement statement) {
                return statement(statement, rewrite);
            }
            return result;
        });
    }

    private static Statement statement(Statement statement, UnaryOperator<String> rewrite) {
        Class<? extends Statement> type = statement instanceof CallableStatement ? CallableStatement.class
                : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        return proxy(type, statement, (proxy, method, args) -> {
            if (STATEMENT_METHODS.contains(method.getName()) && args != null && args.length > 0 && args[0] instanceof String sql) {
                args[0] = rewrite.apply(sql);
            }
            return invoke(statement, method, args);
        });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<? extends T> type, T target, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(BranchConnection.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
