package io.strata.lake;

import org.apache.iceberg.rest.RESTCatalog;

import java.util.Map;

/**
 * Iceberg catalogs for Java writers, one per Nessie branch, through Nessie's Iceberg REST endpoint
 * ({@code /iceberg/<branch>}): what an ingest asset writes on a run's branch reaches main only with the
 * run's merge.
 */
public final class IcebergCatalogs {
    private IcebergCatalogs() {
    }

    /**
     * A REST catalog on the branch. Nessie's config endpoint supplies the S3 endpoint, path style,
     * region and warehouse; the client brings the keys itself, since request signing is off.
     */
    public static RESTCatalog forBranch(LakeEndpoints endpoints, String branch) {
        RESTCatalog catalog = new RESTCatalog();
        catalog.initialize("strata-" + branch, Map.of(
                "uri", endpoints.icebergCatalog(branch).toString(),
                "io-impl", "org.apache.iceberg.aws.s3.S3FileIO",
                "s3.access-key-id", endpoints.accessKey(),
                "s3.secret-access-key", endpoints.secretKey(),
                "view-endpoints-supported", "true"));
        return catalog;
    }
}
