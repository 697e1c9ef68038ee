package io.strata.run;

import io.strata.api.AssetResult;
import io.strata.api.AssetSpec;
import io.strata.branch.BranchRef;
import io.strata.branch.MemoryBranches;
import io.strata.compile.Compiler;
import io.strata.compile.TestProject;
import io.strata.engine.InstantEngine;
import io.strata.project.ProjectException;
import io.strata.select.Selector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The project file's resources as Java assets use them: declared, checked, their secrets only in the environment. */
class JavaAssetResourcesTest {
    /** A variable no environment of these tests sets. */
    private static final String UNSET = "STRATA_TEST_VARIABLE_NEVER_SET";

    @TempDir
    Path root;

    private TestProject project(String resources, String... used) {
        return TestProject.in(root)
                .file("strata.yml", "name: shop\nresources:\n" + resources)
                .file("models/orders.sql", "select 1 as id")
                .with(() -> List.of(AssetSpec.builder("partner_export").deps("orders").sideEffects().resources(used)
                        .compute(context -> AssetResult.none()).build()));
    }

    @Test
    void aRunOfAJavaAssetWhoseResourceSecretIsNotInTheEnvironmentIsRefusedBeforeAnyBranchIsMade() {
        TestProject project = project("  partner_api: {type: http, url: \"https://partner.invalid\", token_env: " + UNSET + "}\n", "partner_api");
        MemoryBranches branches = new MemoryBranches();

        try (Compiler compiler = project.compiler()) {
            assertThatThrownBy(() -> new Runner(compiler, new InstantEngine(), branches, Optional.empty())
                    .run(RunRequest.builder(Selector.all()).threads(1).build(), RunListener.SILENT))
                    .isInstanceOfSatisfying(ProjectException.class, e -> assertThat(e.diagnostics()).singleElement().asString()
                            .startsWith("strata.yml:3").contains("resource 'partner_api' reads its token from the environment variable " + UNSET
                                    + ", which is not set"));
        }
        assertThat(branches.list()).extracting(BranchRef::name).containsExactly("main");
    }

    @Test
    void aResourceTheProjectDoesNotDeclareAndASecretWrittenInTheFileAreCompileErrors() {
        List<String> errors = project("  crm_db: {type: jdbc, url: \"jdbc:postgresql://crm/crm\", user: crm, password: hunter2}\n", "crm_db", "partner_api")
                .errors();

        assertThat(errors).anySatisfy(error -> assertThat(error).startsWith("strata.yml:3")
                .contains("resource 'crm_db': a secret never stands in the project file; write 'password_env: VARIABLE'"));
        assertThat(errors).anySatisfy(error -> assertThat(error)
                .contains("Java asset 'partner_export' uses resource 'partner_api', which the project file does not declare under 'resources:'"));
    }
}
