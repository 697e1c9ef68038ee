package io.strata.ui.api;

import io.strata.compile.CompileOptions;
import io.strata.compile.TestProject;
import io.strata.lake.LakeException;
import io.strata.lake.LakeLocator;
import io.strata.run.RunStore;
import io.strata.ui.ServeCommand;
import io.strata.ui.ServerSettings;
import jakarta.servlet.Filter;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A real server (as {@code strata serve} starts it, on a free port) over a small project whose lake cannot be reached,
 * with MockMvc on its context and its run store open for seeding history. The project:
 * <pre>
 * erp/customers (source) -> stg_customers (staging, view) -> revenue (gold, view, tag finance)
 *                                   orders (silver, table, described, two checks) -> revenue
 * </pre>
 */
final class ApiServer implements AutoCloseable {
    /** A locator whose lake is down: every action that needs the engine or Nessie answers 503. */
    static final LakeLocator LAKE_DOWN = (profile, root) -> {
        throw new LakeException("Nessie cannot be reached at http://127.0.0.1:1/api/v2 (this test has no lake)");
    };

    final Path root;
    final ConfigurableApplicationContext context;
    final MockMvc mvc;
    final RunStore store;

    private ApiServer(Path root, ConfigurableApplicationContext context) {
        this.root = root;
        this.context = context;
        Filter access = (Filter) context.getBean("accessFilter", FilterRegistrationBean.class).getFilter();
        this.mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context).addFilters(access).build();
        this.store = RunStore.open(root.resolve(".strata"));
    }

    /** The shop project in {@code root}, served without a token. */
    static ApiServer start(Path root) {
        return start(root, Optional.empty());
    }

    static ApiServer start(Path root, Optional<String> token) {
        writeProject(root);
        return serve(root, token, LAKE_DOWN);
    }

    /** The project already written in {@code root}, its lake found by {@code locator}. */
    static ApiServer serve(Path root, Optional<String> token, LakeLocator locator) {
        return serve(root, token, locator, ServerSettings.Schedules.OFF);
    }

    /** The project already written in {@code root}, its schedules fired as {@code schedules} says. */
    static ApiServer serve(Path root, Optional<String> token, LakeLocator locator, ServerSettings.Schedules schedules) {
        ServerSettings settings = ServerSettings.of(root, CompileOptions.defaults(), "127.0.0.1", 0, token).withSchedules(schedules);
        return new ApiServer(root, ServeCommand.start(settings, locator));
    }

    static TestProject writeProject(Path root) {
        return TestProject.in(root)
                .file("models/sources.yml", """
                        version: 2
                        sources:
                          - name: erp
                            tables: [{name: customers}]
                        """)
                .file("models/staging/stg_customers.sql", "select * from {{ source('erp', 'customers') }}")
                .file("models/silver/orders.sql", "{{ config(materialized='table') }}\nselect 1 as id, 7 as customer_id")
                .file("models/silver/orders.yml", """
                        version: 2
                        models:
                          - name: orders
                            description: One row per order.
                            columns:
                              - name: id
                                description: The order's number.
                                data_type: bigint
                                tests: [not_null, unique]
                              - name: customer_id
                                description: Who ordered.
                        """)
                .file("models/gold/revenue.sql", "{{ config(tags=['finance']) }}\nselect o.id, c.name from {{ ref('orders') }} o"
                        + " join {{ ref('stg_customers') }} c on c.id = o.customer_id");
    }

    /** Where the server listens: {@code http://127.0.0.1:PORT}. */
    String url() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        store.close();
        context.close();
    }
}
