package io.strata.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a synthetic Strata project of N models shaped like a real lakehouse: staging models over
 * sources, silver models in chains and fan-ins, gold marts joining several silver models; CTEs, joins,
 * window functions, macros, {@code config()}, {@code var()} and {@code is_incremental()}; one
 * {@code schema.yml} per folder with descriptions and tests. Deterministic for a given size and seed.
 */
public final class SyntheticProject {
    private static final int MODELS_PER_FOLDER = 100;

    private SyntheticProject() {
    }

    public static void write(Path root, int models, long seed) throws IOException {
        write(root, models, seed, true);
    }

    /** @param withTests whether each model gets its not_null and unique tests in schema.yml */
    public static void write(Path root, int models, long seed, boolean withTests) throws IOException {
        Random random = new Random(seed);
        write(root.resolve("strata.yml"), """
                name: synthetic
                vars:
                  start_date: '2020-01-01'
                  currency: EUR
                models:
                  staging:
                    +materialized: view
                  silver:
                    +materialized: table
                    +tags: [silver]
                  gold:
                    +materialized: view
                    +tags: [gold]
                """);
        write(root.resolve("macros/units.sql"), """
                {% macro cents_to_currency(column, scale=2) -%}
                    round(cast({{ column }} as decimal(18, 4)) / 100, {{ scale }})
                {%- endmacro %}
                {% macro wh_to_kwh(column) -%}
                    cast({{ column }} as double) / 1000
                {%- endmacro %}
                """);
        write(root.resolve("macros/dates.sql"), """
                {% macro month_of(column) -%}
                    date_trunc('month', {{ column }})
                {%- endmacro %}
                {% macro since_start(column) -%}
                    {{ column }} >= date '{{ var('start_date') }}'
                {%- endmacro %}
                """);
        write(root.resolve("macros/keys.sql"), """
                {% macro surrogate_key(columns) -%}
                    to_hex(md5(to_utf8({% for column in columns %}coalesce(cast({{ column }} as varchar), ''){% if not loop.last %} || '|' || {% endif %}{% endfor %})))
                {%- endmacro %}
                """);

        int staging = Math.max(1, models / 10);
        int gold = Math.max(1, models / 5);
        int silver = Math.max(0, models - staging - gold);
        List<String> stagingNames = new ArrayList<>();
        List<String> silverNames = new ArrayList<>();

        StringBuilder sources = new StringBuilder("version: 2\nsources:\n  - name: raw\n    tables:\n");
        for (int i = 0; i < staging; i++) {
            sources.append("      - name: events_").append(i).append('\n');
        }
        write(root.resolve("models/staging/sources.yml"), sources.toString());

        for (int i = 0; i < staging; i++) {
            String name = "stg_events_" + i;
            stagingNames.add(name);
            writeModel(root, "staging", i, name, stagingSql(i), withTests);
        }
        for (int i = 0; i < silver; i++) {
            String name = "int_entity_" + i;
            List<String> upstream = new ArrayList<>();
            upstream.add(i > 0 && random.nextInt(4) > 0 ? silverNames.get(i - 1) : stagingNames.get(random.nextInt(stagingNames.size())));
            int fanIn = random.nextInt(3);
            for (int f = 0; f < fanIn; f++) {
                upstream.add(i > 10 && random.nextBoolean() ? silverNames.get(random.nextInt(i - 1)) : stagingNames.get(random.nextInt(stagingNames.size())));
            }
            silverNames.add(name);
            writeModel(root, "silver", i, name, silverSql(upstream.stream().distinct().toList(), i % 7 == 0), withTests);
        }
        for (int i = 0; i < gold; i++) {
            String name = "mart_" + i;
            List<String> pool = silverNames.isEmpty() ? stagingNames : silverNames;
            List<String> upstream = new ArrayList<>();
            for (int f = 0; f < 2 + random.nextInt(3); f++) {
                upstream.add(pool.get(random.nextInt(pool.size())));
            }
            writeModel(root, "gold", i, name, goldSql(upstream.stream().distinct().toList()), withTests);
        }
    }

    private static void writeModel(Path root, String layer, int index, String name, String sql, boolean withTests) throws IOException {
        Path folder = root.resolve("models/" + layer + "/part_" + (index / MODELS_PER_FOLDER));
        write(folder.resolve(name + ".sql"), sql);
        if (!withTests) {
            return;
        }
        Path schema = folder.resolve("schema.yml");
        String entry = """
                  - name: %s
                    description: Synthetic %s model number %d, used to measure compilation.
                    columns:
                      - name: id
                        description: The row's key.
                        data_tests: [not_null, unique]
                      - name: amount
                        description: An amount in the project currency.
                        data_tests:
                          - not_null:
                              config: {severity: warn}
                """.formatted(name, layer, index);
        if (!Files.exists(schema)) {
            write(schema, "version: 2\nmodels:\n" + entry);
        }
        else {
            Files.writeString(schema, entry, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        }
    }

    private static String stagingSql(int i) {
        return """
                -- Staging: rename, type and filter raw events %d.
                with source as (
                    select * from {{ source('raw', 'events_%d') }}
                ),
                renamed as (
                    select
                        cast(event_id as bigint) as id,
                        cast(customer_ref as bigint) as customer_id,
                        {{ cents_to_currency('amount_cents') }} as amount,
                        cast(occurred_at as timestamp(6)) as occurred_at,
                        lower(trim(status)) as status
                    from source
                    where {{ since_start('occurred_at') }}
                )
                select * from renamed
                """.formatted(i, i);
    }

    private static String silverSql(List<String> upstream, boolean incremental) {
        StringBuilder sql = new StringBuilder();
        if (incremental) {
            sql.append("{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge') }}\n");
        }
        sql.append("-- Silver: join and deduplicate upstream entities.\nwith ");
        for (int u = 0; u < upstream.size(); u++) {
            sql.append(u == 0 ? "" : ",\n").append("u").append(u).append(" as (\n    select id, customer_id, amount, occurred_at, status\n")
                    .append("    from {{ ref('").append(upstream.get(u)).append("') }}\n");
            if (u == 0 && incremental) {
                sql.append("    {% if is_incremental() %}\n    where occurred_at > (select max(occurred_at) from {{ this }})\n    {% endif %}\n");
            }
            sql.append(")");
        }
        sql.append(",\nranked as (\n    select u0.*, row_number() over (partition by u0.id order by u0.occurred_at desc) as copy_number\n    from u0\n");
        for (int u = 1; u < upstream.size(); u++) {
            sql.append("    left join u").append(u).append(" on u").append(u).append(".customer_id = u0.customer_id\n");
        }
        sql.append(")\nselect\n    id,\n    customer_id,\n    {{ surrogate_key(['id', 'customer_id']) }} as row_key,\n    amount,\n    occurred_at,\n    status\nfrom ranked\nwhere copy_number = 1\n");
        return sql.toString();
    }

    private static String goldSql(List<String> upstream) {
        StringBuilder sql = new StringBuilder("-- Gold: a monthly mart over several silver models.\nselect\n    {{ month_of('a.occurred_at') }} as month,\n    a.status,\n    count(*) as row_count,\n    sum(a.amount) as amount,\n    '{{ var('currency') }}' as currency\nfrom {{ ref('")
                .append(upstream.getFirst()).append("') }} a\n");
        for (int u = 1; u < upstream.size(); u++) {
            sql.append("join {{ ref('").append(upstream.get(u)).append("') }} j").append(u).append(" on j").append(u).append(".customer_id = a.customer_id\n");
        }
        return sql.append("group by 1, 2\n").toString();
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
