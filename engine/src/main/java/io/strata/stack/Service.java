package io.strata.stack;

/** The processes of the local stack. */
public enum Service {
    S3PROXY("s3proxy", "S3Proxy (object store)", "4.1.0"),
    NESSIE("nessie", "Project Nessie (catalog)", "0.99.0"),
    TRINO("trino", "Trino (engine)", "476");

    private final String id;
    private final String description;
    private final String version;

    Service(String id, String description, String version) {
        this.id = id;
        this.description = description;
        this.version = version;
    }

    /** The short name used in commands and files: {@code strata stack logs trino}. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public String version() {
        return version;
    }

    public static Service byId(String id) {
        for (Service service : values()) {
            if (service.id.equalsIgnoreCase(id)) {
                return service;
            }
        }
        throw new StackException("no stack process '" + id + "'; the processes are s3proxy, nessie and trino");
    }
}
