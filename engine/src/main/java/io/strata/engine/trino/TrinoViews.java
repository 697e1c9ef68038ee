package io.strata.engine.trino;

import io.strata.lake.IcebergCatalogs;
import io.strata.project.Relation;
import io.strata.lake.LakeEndpoints;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.view.ReplaceViewVersion;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.apache.iceberg.view.View;
import org.apache.iceberg.view.ViewRepresentation;
import org.apache.iceberg.view.ViewVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;

/**
 * Trino stores a view's session catalog in the Iceberg view ({@code default-catalog}). A view built in a
 * run's catalog would keep reading the run's branch after the merge, and fail once that catalog is
 * dropped. Before the merge, on the branch itself (so the change lands in the same merge), each view is
 * given a new version that is the same but for its default catalog: main's.
 */
public final class TrinoViews {
    private TrinoViews() {
    }

    public static void pointAtMain(LakeEndpoints endpoints, String branch, Collection<Relation> views) {
        if (views.isEmpty()) {
            return;
        }
        try (RESTCatalog catalog = IcebergCatalogs.forBranch(endpoints, branch)) {
            for (Relation relation : views) {
                View view;
                try {
                    view = catalog.loadView(TableIdentifier.of(relation.schema(), relation.identifier()));
                }
                catch (NoSuchViewException notOnTheBranch) {
                    continue;
                }
                ViewVersion current = view.currentVersion();
                if (TrinoEngine.MAIN_CATALOG.equals(current.defaultCatalog())) {
                    continue;
                }
                ReplaceViewVersion replace = view.replaceVersion()
                        .withSchema(view.schema())
                        .withDefaultNamespace(current.defaultNamespace())
                        .withDefaultCatalog(TrinoEngine.MAIN_CATALOG);
                for (ViewRepresentation representation : current.representations()) {
                    if (representation instanceof SQLViewRepresentation sql) {
                        replace.withQuery(sql.dialect(), sql.sql());
                    }
                }
                replace.commit();
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
