package io.strata.ingestion;

import io.strata.lake.LakeEndpoints;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds an ingest asset's source files by glob: under the project root, or in an S3-API object store
 * ({@code s3://bucket/prefix/*.csv}) reached with the profile's store address and keys (the local stack's
 * S3Proxy, or the remote profile's {@code s3} with its key variables).
 */
public final class SourceFiles implements AutoCloseable {
    private final Path root;
    private final Optional<LakeEndpoints> store;
    private S3Client client;

    private SourceFiles(Path root, Optional<LakeEndpoints> store) {
        this.root = root;
        this.store = store;
    }

    /** Files under the project only: an {@code s3://} source is an error saying what is missing. */
    /** The project root the globs are relative to. */
    Path root() {
        return root;
    }

    public static SourceFiles local(Path root) {
        return new SourceFiles(root, Optional.empty());
    }

    /** Files under the project, and objects in the store of these endpoints. */
    public static SourceFiles withStore(Path root, LakeEndpoints endpoints) {
        return new SourceFiles(root, Optional.of(endpoints));
    }

    /** The files the glob matches, in name order. */
    List<SourceFile> matching(String glob) throws IOException {
        if (glob.startsWith("s3://")) {
            return objects(glob);
        }
        Path base = root;
        String pattern = glob;
        int slash = glob.lastIndexOf('/', wildcardOrEnd(glob));
        if (slash >= 0) {
            base = root.resolve(glob.substring(0, slash));
            pattern = glob.substring(slash + 1);
        }
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        List<SourceFile> files = new ArrayList<>();
        try (Stream<Path> found = Files.walk(base)) {
            for (Path file : found.filter(Files::isRegularFile).sorted().toList()) {
                if (matcher.matches(base.relativize(file))) {
                    files.add(new SourceFile(root.relativize(file).toString().replace('\\', '/'), Files.size(file),
                            Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MICROS), new SourceFile.LocalFile(file)));
                }
            }
        }
        return files;
    }

    private List<SourceFile> objects(String glob) throws IOException {
        String rest = glob.substring("s3://".length());
        int bucketEnd = rest.indexOf('/');
        if (bucketEnd <= 0) {
            throw new IOException("'" + glob + "' names no objects: write s3://bucket/prefix/pattern");
        }
        String bucket = rest.substring(0, bucketEnd);
        String keyGlob = rest.substring(bucketEnd + 1);
        int slash = keyGlob.lastIndexOf('/', wildcardOrEnd(keyGlob));
        String prefix = slash >= 0 ? keyGlob.substring(0, slash + 1) : "";
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + keyGlob.substring(prefix.length()));
        S3Client s3 = client(glob);
        List<SourceFile> files = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build()).contents()) {
                String relative = object.key().substring(prefix.length());
                if (!object.key().endsWith("/") && !relative.isEmpty() && matcher.matches(Path.of(relative))) {
                    String key = object.key();
                    SourceFile.Bytes bytes = () -> open(s3, bucket, key);
                    files.add(new SourceFile("s3://" + bucket + "/" + key, object.size(), object.lastModified().truncatedTo(ChronoUnit.MICROS), bytes));
                }
            }
        }
        catch (SdkException e) {
            throw new IOException("cannot list " + glob + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(SourceFile::name));
        return files;
    }

    private static InputStream open(S3Client s3, String bucket, String key) throws IOException {
        try {
            return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build());
        }
        catch (SdkException e) {
            throw new IOException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private synchronized S3Client client(String glob) throws IOException {
        if (client == null) {
            LakeEndpoints endpoints = store.orElseThrow(() -> new IOException(glob + ": s3:// sources are read from the profile's object store,"
                    + " which this command does not have"));
            client = S3Client.builder()
                    .endpointOverride(endpoints.objectStore())
                    .forcePathStyle(true)
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(endpoints.accessKey(), endpoints.secretKey())))
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .build();
        }
        return client;
    }

    private static int wildcardOrEnd(String glob) {
        for (int i = 0; i < glob.length(); i++) {
            if ("*?[{".indexOf(glob.charAt(i)) >= 0) {
                return i;
            }
        }
        return glob.length();
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
