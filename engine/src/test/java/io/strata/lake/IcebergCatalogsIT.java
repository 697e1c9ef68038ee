package io.strata.lake;

import io.strata.branch.Branches;
import io.strata.lake.LakeEndpoints;
import io.strata.stack.testing.LocalStackExtension;
import io.strata.stack.testing.TestBranch;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A table created by a Java writer on a branch is what Trino sees on that branch, and only there. */
@ExtendWith(LocalStackExtension.class)
class IcebergCatalogsIT {
    private static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (ResultSet rows = connection.createStatement().executeQuery(
                "select column_name || ' ' || data_type from information_schema.columns where table_schema = 'analytics'"
                        + " and table_name = '" + table + "' order by ordinal_position")) {
            while (rows.next()) {
                columns.add(rows.getString(1));
            }
        }
        return columns;
    }

    @Test
    void aTableCreatedThroughTheBranchCatalogIsSeenByTrinoOnThatBranchOnly(LakeEndpoints endpoints, TestBranch branch) throws Exception {
        String table = "sales_" + branch.name().replace('-', '_');
        Schema schema = new Schema(
                Types.NestedField.required(1, "sale_id", Types.LongType.get()),
                Types.NestedField.optional(2, "price", Types.DecimalType.of(12, 2)),
                Types.NestedField.optional(3, "sold_at", Types.TimestampType.withZone()));

        try (RESTCatalog catalog = IcebergCatalogs.forBranch(endpoints, branch.name())) {
            catalog.createTable(TableIdentifier.of("analytics", table), schema);
        }

        try (Connection onBranch = branch.connect(); Connection onMain = branch.engine().connect(Branches.MAIN)) {
            assertThat(columns(onBranch, table)).containsExactly("sale_id bigint", "price decimal(12,2)", "sold_at timestamp(6) with time zone");
            assertThat(columns(onMain, table)).isEmpty();
        }
    }
}
