package io.futuremobility.assets;

import io.strata.ingestion.IngestAsset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tariff sheet's fixed-width lines as records. */
class FutureMobilityAssetsTest {
    @Test
    void aTariffLineIsSplitAtItsColumns() throws Exception {
        assertThat(FutureMobilityAssets.tariff("HPC   2025-07-01  0.6900EUR"))
                .containsExactly(java.util.Map.entry("charger_type", "hpc"), java.util.Map.entry("valid_from", "2025-07-01"),
                        java.util.Map.entry("eur_per_kwh", "0.6900"), java.util.Map.entry("currency", "EUR"));
    }

    @Test
    void aLineOfAnotherShapeIsRejectedWithItsLength() {
        assertThatThrownBy(() -> FutureMobilityAssets.tariff("dc 0.59"))
                .isInstanceOf(IngestAsset.Reject.class).hasMessageContaining("expected 27 fixed-width characters").hasMessageEndingWith("found 7");
    }

    @Test
    void theAssetBelongsToFutureMobilityAndParsesLines() {
        FutureMobilityAssets assets = new FutureMobilityAssets();

        assertThat(assets.project()).isEqualTo("futuremobility");
        assertThat(assets.assets()).extracting(IngestAsset::name).containsExactly("chargenet_tariffs");
    }
}
