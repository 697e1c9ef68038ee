package io.strata.ui.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * An asset's columns and a column's lineage, from the compiled SQL of the shop project ({@link ApiServer}) with no lake:
 * {@code revenue} selects {@code o.id, c.name} from {@code orders o join stg_customers c on c.id = o.customer_id}.
 */
class ColumnApiTest {
    @TempDir
    static Path root;

    private static ApiServer server;

    @BeforeAll
    static void start() {
        server = ApiServer.start(root);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aModelsColumnsComeWithTheColumnsTheyDeriveFromAndHow() throws Exception {
        server.mvc.perform(get("/api/assets/revenue/columns"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.asset").value("revenue"))
                .andExpect(jsonPath("$.columns[*].name", contains("id", "name")))
                .andExpect(jsonPath("$.columns[0].upstream[*].asset", contains("orders", "orders", "stg_customers")))
                .andExpect(jsonPath("$.columns[0].upstream[*].column", contains("id", "customer_id", "id")))
                .andExpect(jsonPath("$.columns[0].upstream[*].derivation", contains("copied", "joined on", "joined on")))
                .andExpect(jsonPath("$.columns[1].upstream[0].asset").value("stg_customers"))
                .andExpect(jsonPath("$.columns[1].upstream[0].column").value("name"))
                .andExpect(jsonPath("$.columns[1].upstream[0].derivation").value("copied"));
    }

    @Test
    void aColumnOfConstantsHasNoUpstreamAndKeepsItsYamlTypeAndDescriptionOrElseTheTypeItsSqlGives() throws Exception {
        server.mvc.perform(get("/api/assets/orders/columns"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.columns[*].name", contains("id", "customer_id")))
                .andExpect(jsonPath("$.columns[0].type").value("bigint"))
                .andExpect(jsonPath("$.columns[0].description").value("The order's number."))
                .andExpect(jsonPath("$.columns[0].upstream", empty()))
                .andExpect(jsonPath("$.columns[1].type").value("integer"));
    }

    @Test
    void columnsThatCannotBeKnownAreNullAndASourceTableIsFoundByItsTwoSegmentKey() throws Exception {
        server.mvc.perform(get("/api/assets/stg_customers/columns"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.columns").value(nullValue()))
                .andExpect(jsonPath("$.warnings[0]").value(containsString("selects * from a relation whose columns are not known")));
        server.mvc.perform(get("/api/assets/erp/customers/columns"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.asset").value("erp/customers"))
                .andExpect(jsonPath("$.columns").value(nullValue()));
    }

    @Test
    void aColumnsLineageIsItsColumnsAndDerivationsAsStrataLineagePrintsThem() throws Exception {
        server.mvc.perform(get("/api/assets/revenue/columns/id/lineage").param("direction", "upstream"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.column").value("revenue.id"))
                .andExpect(jsonPath("$.direction").value("upstream"))
                .andExpect(jsonPath("$.columns[*].id", contains("revenue.id", "orders.id", "orders.customer_id", "stg_customers.id")))
                .andExpect(jsonPath("$.columns[1].asset").value("orders"))
                .andExpect(jsonPath("$.columns[1].column").value("id"))
                .andExpect(jsonPath("$.edges[*].from", contains("orders.id", "orders.customer_id", "stg_customers.id")))
                .andExpect(jsonPath("$.edges[*].to", contains("revenue.id", "revenue.id", "revenue.id")))
                .andExpect(jsonPath("$.edges[*].derivation", contains("copied", "joined on", "joined on")));
        server.mvc.perform(get("/api/assets/orders/columns/ID/lineage").param("direction", "downstream").param("depth", "1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.column").value("orders.id"))
                .andExpect(jsonPath("$.edges[*].to", contains("revenue.id")))
                .andExpect(jsonPath("$.edges[*].derivation", contains("copied")));
        server.mvc.perform(get("/api/assets/orders/columns/customer_id/lineage"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.direction").value("both"))
                .andExpect(jsonPath("$.edges[*].to", contains("revenue.id", "revenue.name")))
                .andExpect(jsonPath("$.edges[*].derivation", contains("joined on", "joined on")));
    }

    @Test
    void anUnknownAssetOrColumnIsA404NamingTheClosestMatchAsTheCommandLineDoes() throws Exception {
        server.mvc.perform(get("/api/assets/revenue/columns/nmae/lineage"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("not_found"))
                .andExpect(jsonPath("$.message").value("asset 'revenue' has no column 'nmae'; did you mean 'name'?; its columns are id, name"));
        server.mvc.perform(get("/api/assets/revenu/columns/id/lineage"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.message").value("no asset 'revenu' in the project; did you mean 'revenue'?; strata ls lists them"));
        server.mvc.perform(get("/api/assets/revenu/columns"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.message").value(containsString("did you mean 'revenue'?")));
    }

    @Test
    void aDirectionOrDepthOutOfRangeIsA400() throws Exception {
        server.mvc.perform(get("/api/assets/revenue/columns/id/lineage").param("direction", "sideways"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("bad_request"))
                .andExpect(jsonPath("$.message").value("direction must be upstream, downstream or both, not 'sideways'"));
        server.mvc.perform(get("/api/assets/revenue/columns/id/lineage").param("depth", "0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.message").value("depth must be 1 or more, not 0"));
    }

    @Test
    void theOpenApiDocumentDescribesBothCalls() throws Exception {
        server.mvc.perform(get("/api/openapi.json"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths", hasKey("/api/assets/{key}/columns")))
                .andExpect(jsonPath("$.paths", hasKey("/api/assets/{key}/columns/{column}/lineage")))
                .andExpect(jsonPath("$.paths['/api/assets/{key}/columns/{column}/lineage'].get.responses", hasKey("404")))
                .andExpect(jsonPath("$.paths['/api/assets/{key}/columns/{column}/lineage'].get.parameters[*].name",
                        contains("key", "column", "direction", "depth")))
                .andExpect(jsonPath("$.paths", org.hamcrest.Matchers.not(hasKey("/api/assets/{source}/{table}/columns"))));
    }
}
