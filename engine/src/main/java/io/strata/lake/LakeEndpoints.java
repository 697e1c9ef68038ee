package io.strata.lake;

import java.net.URI;

import static java.util.Objects.requireNonNull;

/**
 * Where a stack's services answer: what clients (branches, engine, Iceberg writers) need to reach them.
 *
 * @param nessie Nessie's base URI; its native API is {@code /api/v2}, its Iceberg REST catalog {@code /iceberg/<branch>}
 * @param trino Trino's HTTP URI (JDBC: {@code jdbc:trino://host:port}); for a Dremio profile, Dremio's Arrow Flight address
 * @param objectStore the S3 API endpoint
 * @param trinoUser the user Strata's queries run as
 * @param trinoPassword its password, for a remote Trino that asks for one (HTTPS)
 */
public record LakeEndpoints(URI nessie, URI trino, URI objectStore, String accessKey, String secretKey, String trinoUser,
                             java.util.Optional<String> trinoPassword) {
    public LakeEndpoints {
        requireNonNull(trinoUser, "trinoUser");
        requireNonNull(trinoPassword, "trinoPassword");
        requireNonNull(nessie, "nessie");
        requireNonNull(trino, "trino");
        requireNonNull(objectStore, "objectStore");
        requireNonNull(accessKey, "accessKey");
        requireNonNull(secretKey, "secretKey");
    }

    /**
     * The first of the lake's services, Nessie then the object store, that does not take a connection within two
     * seconds, named with its address ({@code Nessie at 127.0.0.1:42609}); empty when both answer.
     */
    public java.util.Optional<String> unreachable() {
        return stoppedAnswering(java.util.Set.of(nessie, objectStore));
    }

    /** Which of the lake's services (Nessie, the object store) take a connection now, to ask later which stopped answering. */
    public java.util.Set<URI> answering() {
        java.util.Set<URI> answering = new java.util.HashSet<>();
        for (URI service : java.util.List.of(nessie, objectStore)) {
            if (answers(service)) {
                answering.add(service);
            }
        }
        return answering;
    }

    /** The first of {@code services} (Nessie, then the object store) that does not take a connection now, named with its address. */
    public java.util.Optional<String> stoppedAnswering(java.util.Set<URI> services) {
        if (services.contains(nessie) && !answers(nessie)) {
            return java.util.Optional.of("Nessie at " + address(nessie));
        }
        if (services.contains(objectStore) && !answers(objectStore)) {
            return java.util.Optional.of("the object store at " + address(objectStore));
        }
        return java.util.Optional.empty();
    }

    private static boolean answers(URI service) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(service.getHost(), port(service)), 2000);
            return true;
        }
        catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI service) {
        return service.getPort() > 0 ? service.getPort() : "https".equalsIgnoreCase(service.getScheme()) ? 443 : 80;
    }

    private static String address(URI service) {
        return service.getHost() + ":" + port(service);
    }

    public URI nessieApi() {
        return nessie.resolve("/api/v2");
    }

    /** The Iceberg REST catalog of one branch. */
    public URI icebergCatalog(String branch) {
        return nessie.resolve("/iceberg/" + branch);
    }

    public String trinoJdbcUrl() {
        boolean https = "https".equalsIgnoreCase(trino.getScheme());
        int port = trino.getPort() > 0 ? trino.getPort() : https ? 443 : 8080;
        return "jdbc:trino://" + trino.getHost() + ":" + port + (https ? "?SSL=true" : "");
    }
}
