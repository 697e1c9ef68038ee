package io.futuremobility.assets;

import io.strata.ingestion.IngestAsset;
import io.strata.ingestion.IngestAssets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FutureMobility's ingest assets that YAML cannot declare: ChargeNet's tariff sheets come from an old billing
 * system as fixed-width lines (charger type in columns 1-6, valid-from date in 7-16, price per kWh in 17-24,
 * currency in 25-27), which no CSV or JSON reader splits.
 */
public final class FutureMobilityAssets implements IngestAssets {
    /** {@code ac    2024-01-01  0.3900EUR}: the fields at their columns, blanks allowed around them. */
    private static final Pattern TARIFF = Pattern.compile("(.{6})(.{10})(.{8})([A-Z]{3})\\s*");

    @Override
    public String project() {
        return "futuremobility";
    }

    @Override
    public List<IngestAsset> assets() {
        return List.of(IngestAsset.named("chargenet_tariffs")
                .description("ChargeNet's price per kWh by charger type and the date it applies from; fixed-width tariff sheets.")
                .source("examples/futuremobility/data/chargenet/tariffs*.txt")
                .lines(FutureMobilityAssets::tariff)
                .column("charger_type", "string", "not_null")
                .column("valid_from", "date", "not_null")
                .column("eur_per_kwh", "decimal(8,4)", "not_null")
                .column("currency", "string")
                .mode("replace")
                .maxRejects("5")
                .build());
    }

    /** One tariff line as a record; a line of another shape is rejected with the reason. */
    static Map<String, Object> tariff(String line) throws IngestAsset.Reject {
        Matcher fields = TARIFF.matcher(line);
        if (!fields.matches()) {
            throw new IngestAsset.Reject("not a tariff line: expected 27 fixed-width characters (type, valid from, price, currency), found "
                    + line.length());
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("charger_type", fields.group(1).strip().toLowerCase(java.util.Locale.ROOT));
        record.put("valid_from", fields.group(2).strip());
        record.put("eur_per_kwh", fields.group(3).strip());
        record.put("currency", fields.group(4));
        return record;
    }
}
