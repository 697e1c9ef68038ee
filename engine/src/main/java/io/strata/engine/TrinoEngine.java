package io.strata.engine;

import io.strata.branch.Branches;
import io.strata.stack.StackEndpoints;
import io.strata.stack.StackSettings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Trino over Iceberg tables in Nessie. Trino cannot address a Nessie branch per table, so each branch
 * gets its own catalog ({@code lake} for main, {@code branch_<name>} otherwise) created through the
 * Iceberg REST endpoint of that branch and dropped when the branch is released.
 */
public final class TrinoEngine implements Engine {
    private final StackEndpoints endpoints;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public TrinoEngine(StackEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** The catalog that reads and writes a branch. */
    public static String catalogOf(String branch) {
        if (branch.equals(Branches.MAIN)) {
            return StackSettings.MAIN_CATALOG;
        }
        return "branch_" + branch.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    @Override
    public Connection connect(String branch) throws SQLException {
        String catalog = catalogOf(branch);
        ensureCatalog(branch, catalog);
        Properties properties = connectionProperties();
        properties.setProperty("catalog", catalog);
        return DriverManager.getConnection(endpoints.trinoJdbcUrl(), properties);
    }

    /** Creates the branch's catalog unless Trino has it already. */
    public void ensureCatalog(String branch, String catalog) throws SQLException {
        if (known.contains(catalog)) {
            return;
        }
        try (Connection connection = plainConnection(); Statement statement = connection.createStatement()) {
            boolean exists = false;
            try (ResultSet catalogs = statement.executeQuery("SHOW CATALOGS")) {
                while (catalogs.next()) {
                    exists |= catalogs.getString(1).equals(catalog);
                }
            }
            if (!exists) {
                statement.execute("CREATE CATALOG " + catalog + " USING iceberg WITH ("
                        + "\"iceberg.catalog.type\" = 'rest', "
                        + "\"iceberg.rest-catalog.uri\" = '" + endpoints.icebergCatalog(branch) + "', "
                        + "\"fs.native-s3.enabled\" = 'true', "
                        + "\"s3.endpoint\" = '" + endpoints.objectStore() + "', "
                        + "\"s3.path-style-access\" = 'true', "
                        + "\"s3.region\" = 'us-east-1', "
                        + "\"s3.aws-access-key\" = '" + endpoints.accessKey() + "', "
                        + "\"s3.aws-secret-key\" = '" + endpoints.secretKey() + "')");
            }
        }
        known.add(catalog);
    }

    @Override
    public void release(String branch) throws SQLException {
        if (branch.equals(Branches.MAIN)) {
            return;
        }
        String catalog = catalogOf(branch);
        try (Connection connection = plainConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP CATALOG IF EXISTS " + catalog);
        }
        known.remove(catalog);
    }

    private Connection plainConnection() throws SQLException {
        return DriverManager.getConnection(endpoints.trinoJdbcUrl(), connectionProperties());
    }

    private Properties connectionProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", endpoints.trinoUser());
        endpoints.trinoPassword().ifPresent(password -> properties.setProperty("password", password));
        properties.setProperty("source", "strata");
        return properties;
    }

    @Override
    public void close() {
        known.clear();
    }
}
