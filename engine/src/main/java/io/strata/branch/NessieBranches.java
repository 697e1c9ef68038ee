package io.strata.branch;

import io.strata.lake.LakeException;
import org.projectnessie.client.NessieClientBuilder;
import org.projectnessie.client.api.NessieApiV2;
import org.projectnessie.error.NessieConflictException;
import org.projectnessie.error.NessieNotFoundException;
import org.projectnessie.error.NessieReferenceConflictException;
import org.projectnessie.error.ReferenceConflicts;
import org.projectnessie.model.Branch;
import org.projectnessie.model.CommitMeta;
import org.projectnessie.model.Conflict;
import org.projectnessie.model.LogResponse;
import org.projectnessie.model.Reference;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link Branches} of a Project Nessie server, through its API v2. */
public final class NessieBranches implements Branches {
    private final NessieApiV2 api;
    private final URI uri;

    public NessieBranches(URI apiUri) {
        this.uri = apiUri;
        this.api = NessieClientBuilder.createClientBuilderFromSystemSettings().withUri(apiUri).build(NessieApiV2.class);
    }

    @Override
    public BranchRef main() {
        return find(MAIN).orElseThrow(() -> new LakeException("Nessie at " + uri + " has no branch 'main'"));
    }

    @Override
    public Optional<BranchRef> find(String name) {
        try {
            Reference reference = api.getReference().refName(name).get();
            return reference instanceof Branch branch ? Optional.of(new BranchRef(branch.getName(), branch.getHash())) : Optional.empty();
        }
        catch (NessieNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<BranchRef> list() {
        List<BranchRef> branches = new ArrayList<>();
        for (Reference reference : api.getAllReferences().get().getReferences()) {
            if (reference instanceof Branch branch) {
                branches.add(new BranchRef(branch.getName(), branch.getHash()));
            }
        }
        return branches;
    }

    @Override
    public BranchRef create(String name) {
        BranchRef main = main();
        try {
            Reference created = api.createReference().sourceRefName(MAIN).reference(Branch.of(name, main.hash())).create();
            return new BranchRef(created.getName(), created.getHash());
        }
        catch (NessieConflictException e) {
            throw new LakeException("branch '" + name + "' already exists", e);
        }
        catch (NessieNotFoundException e) {
            throw new LakeException("cannot create branch '" + name + "': " + e.getMessage(), e);
        }
    }

    @Override
    public BranchRef merge(String name, Optional<String> runId) {
        BranchRef branch = find(name).orElseThrow(() -> new LakeException("no branch '" + name + "' to merge"));
        BranchRef main = main();
        CommitMeta.Builder meta = CommitMeta.builder().message("strata: merge " + name + runId.map(id -> " (run " + id + ")").orElse(""));
        runId.ifPresent(id -> meta.putProperties(RUN_PROPERTY, id));
        try {
            api.mergeRefIntoBranch()
                    .branch(Branch.of(MAIN, main.hash()))
                    .fromRef(Branch.of(branch.name(), branch.hash()))
                    .commitMeta(meta.build())
                    .merge();
        }
        catch (NessieReferenceConflictException e) {
            List<String> tables = new ArrayList<>();
            ReferenceConflicts details = e.getErrorDetails();
            if (details != null) {
                for (Conflict conflict : details.conflicts()) {
                    if (conflict.key() != null) {
                        tables.add(conflict.key().toPathString());
                    }
                }
            }
            throw new MergeConflictException(name, tables, e.getMessage());
        }
        catch (NessieConflictException e) {
            throw new MergeConflictException(name, List.of(), e.getMessage());
        }
        catch (NessieNotFoundException e) {
            throw new LakeException("cannot merge branch '" + name + "': " + e.getMessage(), e);
        }
        catch (RuntimeException e) {
            // No answer (Nessie died or the connection broke mid-request), or an error of the server: the merge may
            // have landed or not, findMerge tells.
            throw new LakeException("Nessie at " + uri + " did not confirm the merge of branch '" + name + "' into main: " + e.getMessage(), e);
        }
        return main();
    }

    @Override
    public Map<String, Commit> runMerges(int depth) {
        Map<String, Commit> merges = new LinkedHashMap<>();
        try {
            // stream() pages through the log: a server may answer fewer entries per page than asked.
            api.getCommitLog().refName(MAIN).maxRecords(depth).stream().limit(depth).forEach(entry -> {
                CommitMeta meta = entry.getCommitMeta();
                String runId = meta.getProperties().get(RUN_PROPERTY);
                if (runId != null) {
                    merges.putIfAbsent(runId, new Commit(meta.getHash(), meta.getMessage(), meta.getAuthor(), meta.getCommitTime()));
                }
            });
            return merges;
        }
        catch (NessieNotFoundException e) {
            throw new LakeException("Nessie at " + uri + " has no branch 'main'", e);
        }
    }

    @Override
    public void delete(String name) {
        BranchRef branch = find(name).orElseThrow(() -> new LakeException("no branch '" + name + "' to delete"));
        try {
            api.deleteBranch().branch(Branch.of(branch.name(), branch.hash())).delete();
        }
        catch (NessieConflictException | NessieNotFoundException e) {
            throw new LakeException("cannot delete branch '" + name + "': " + e.getMessage(), e);
        }
    }

    @Override
    public List<Commit> log(String name, int limit) {
        try {
            List<Commit> commits = new ArrayList<>();
            for (LogResponse.LogEntry entry : api.getCommitLog().refName(name).maxRecords(limit).get().getLogEntries()) {
                var meta = entry.getCommitMeta();
                commits.add(new Commit(meta.getHash(), meta.getMessage(), meta.getAuthor(), meta.getCommitTime()));
                if (commits.size() >= limit) {
                    break;
                }
            }
            return commits;
        }
        catch (NessieNotFoundException e) {
            throw new LakeException("no branch '" + name + "'", e);
        }
    }

    /** Gives a new repository's main its first commit: a branch made from an empty main cannot be merged. */
    public void ensureFirstCommit(String namespace) {
        if (!log(MAIN, 1).isEmpty()) {
            return;
        }
        try {
            api.createNamespace().refName(MAIN).namespace(namespace).create();
        }
        catch (Exception e) {
            throw new LakeException("cannot make the first commit on Nessie's main: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        api.close();
    }
}
