package io.strata.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** The command line, working folder and files each stack process needs (facts from docs in local-stack.md). */
final class ServiceLaunch {
    static final Artifact S3PROXY = Artifact.of("org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies");
    static final Artifact NESSIE = Artifact.of("org.projectnessie.nessie:nessie-quarkus:0.99.0:jar:runner");
    static final Artifact TRINO_SERVER = Artifact.of("io.trino:trino-server-core:476:tar.gz");
    static final Artifact TRINO_ICEBERG = Artifact.of("io.trino:trino-iceberg:476:zip");

    static final String BUCKET = "warehouse";

    private ServiceLaunch() {
    }

    record Launch(List<String> command, Path workingDirectory) {
    }

    static Launch prepare(Service service, StackSettings settings, StackState state) throws IOException {
        return switch (service) {
            case S3PROXY -> s3proxy(settings, state);
            case NESSIE -> nessie(settings, state);
            case TRINO -> trino(settings, state);
        };
    }

    private static List<String> java(StackSettings settings, Service service, String heap) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            // Its own session: Ctrl-C in the terminal that ran one command must not stop the shared stack.
            command.add("/usr/bin/setsid");
        }
        command.add(settings.javaHome().resolve("bin/java").toString());
        command.add("-Xmx" + heap);
        command.add("-XX:+AutoCreateSharedArchive");
        command.add("-XX:SharedArchiveFile=" + settings.stateDirectory().resolve("cds/" + service.id() + ".jsa"));
        command.add("-Xlog:cds=off");
        command.add("-Xlog:cds+dynamic=off");
        return command;
    }

    private static Launch s3proxy(StackSettings settings, StackState state) throws IOException {
        Path jar = settings.artifacts().resolve(S3PROXY);
        Path store = settings.stateDirectory().resolve("s3");
        Path bucket = store.resolve(BUCKET);
        Files.createDirectories(bucket);
        // A world-readable bucket folder would be served as a public bucket.
        Files.setPosixFilePermissions(bucket, PosixFilePermissions.fromString("rwxr-x---"));
        Path properties = settings.stateDirectory().resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + store,
                "s3proxy.endpoint=http://127.0.0.1:" + state.port("s3"),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + state.accessKey(),
                "s3proxy.credential=" + state.secretKey(),
                // Trino sends x-amz-optional-object-attributes, which S3Proxy otherwise rejects.
                "s3proxy.ignore-unknown-headers=true",
                ""));
        List<String> command = java(settings, Service.S3PROXY, "256m");
        command.addAll(List.of("-XX:+UseSerialGC", "-jar", jar.toString(), "--properties", properties.toString()));
        return new Launch(command, settings.stateDirectory());
    }

    private static Launch nessie(StackSettings settings, StackState state) throws IOException {
        Path jar = settings.artifacts().resolve(NESSIE);
        List<String> command = java(settings, Service.NESSIE, "512m");
        command.addAll(List.of(
                "-XX:+UseSerialGC",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + state.port("nessie"),
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + state.port("nessie-management"),
                "-Dquarkus.log.console.format=%d{HH:mm:ss} %-5p [%c{2.}] %s%e%n",
                "-Dnessie.catalog.default-warehouse=" + BUCKET,
                "-Dnessie.catalog.warehouses." + BUCKET + ".location=s3://" + BUCKET + "/",
                "-Dnessie.catalog.service.s3.default-options.endpoint=http://127.0.0.1:" + state.port("s3") + "/",
                "-Dnessie.catalog.service.s3.default-options.path-style-access=true",
                "-Dnessie.catalog.service.s3.default-options.region=us-east-1",
                "-Dnessie.catalog.service.s3.default-options.access-key=urn:nessie-secret:quarkus:strata-s3",
                "-Dstrata-s3.name=" + state.accessKey(),
                "-Dstrata-s3.secret=" + state.secretKey(),
                // With signing on, Iceberg 1.12 clients post to a /sign path that Nessie 0.99 does not serve.
                "-Dnessie.catalog.service.s3.default-options.request-signing-enabled=false"));
        if (settings.inMemoryCatalog()) {
            command.add("-Dnessie.version.store.type=IN_MEMORY");
        }
        else {
            Path store = settings.stateDirectory().resolve("nessie");
            Files.createDirectories(store);
            command.add("-Dnessie.version.store.type=ROCKSDB");
            command.add("-Dnessie.version.store.persist.rocks.database-path=" + store);
        }
        command.addAll(List.of("-jar", jar.toString()));
        return new Launch(command, settings.stateDirectory());
    }

    private static Launch trino(StackSettings settings, StackState state) throws IOException {
        Path distribution = settings.cacheDirectory().resolve("trino-" + Service.TRINO.version());
        Path server = Unpacker.unpackOnce(settings.artifacts().resolve(TRINO_SERVER), distribution.resolve("server"));
        // A plugin folder holding only Iceberg: the other connectors are not downloaded at all.
        Unpacker.unpackOnce(settings.artifacts().resolve(TRINO_ICEBERG), distribution.resolve("plugins/iceberg"));
        Path home = settings.stateDirectory().resolve("trino");
        Path etc = home.resolve("etc");
        Files.createDirectories(etc);
        int port = state.port("trino");
        Files.writeString(etc.resolve("config.properties"), String.join("\n",
                "coordinator=true",
                "node-scheduler.include-coordinator=true",
                "http-server.http.port=" + port,
                "discovery.uri=http://127.0.0.1:" + port,
                "plugin.dir=" + distribution.resolve("plugins"),
                "catalog.management=dynamic",
                "catalog.store=memory",
                "query.max-memory=1GB",
                "query.max-memory-per-node=512MB",
                ""));
        Files.writeString(etc.resolve("log.properties"), "io.trino=INFO\n");
        List<String> command = java(settings, Service.TRINO, settings.trinoHeap());
        command.addAll(List.of(
                "-XX:+UseG1GC", "-XX:G1HeapRegionSize=32M", "-XX:+ExplicitGCInvokesConcurrent", "-XX:+ExitOnOutOfMemoryError",
                "-XX:-OmitStackTraceInFastThrow", "-XX:ReservedCodeCacheSize=256M", "-Djdk.attach.allowAttachSelf=true",
                "-Dfile.encoding=UTF-8", "-XX:+EnableDynamicAgentLoading", "--enable-native-access=ALL-UNNAMED",
                "-Dnode.environment=strata",
                "-Dnode.id=strata-" + Integer.toHexString(settings.stateDirectory().toString().hashCode()),
                "-Dnode.data-dir=" + home.resolve("data"),
                "-Dnode.bind-ip=127.0.0.1",
                "-Dnode.internal-address=127.0.0.1",
                "-Dconfig=etc/config.properties",
                "-Dlog.levels-file=etc/log.properties",
                "-cp", server.resolve("lib") + "/*",
                "io.trino.server.TrinoServer"));
        return new Launch(command, home);
    }
}
