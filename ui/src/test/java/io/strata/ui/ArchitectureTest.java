package io.strata.ui;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.strata.branch.NessieBranches;
import io.strata.engine.trino.TrinoEngine;
import io.strata.engine.trino.TrinoEngineProvider;
import io.strata.run.RunStore;
import io.strata.run.Runner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The layers of docs/architecture.md, checked on the compiled classes of every module (this module sees them all: the CLI as a test dependency). */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // The engine's test classes reach this module as a test jar, which the predefined option does not recognise.
        ImportOption mainClassesOnly = location -> !location.contains("/test-classes/") && !location.contains("-tests.jar");
        classes = new ClassFileImporter().withImportOption(mainClassesOnly).importPackages("io.strata");
    }

    @Test
    void thePackagesHaveNoCycles() {
        slices().matching("io.strata.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theCoreNeverDependsOnTheDevStack() {
        noClasses().that().resideOutsideOfPackages("io.strata.stack..", "io.strata.cli..", "io.strata.ui..")
                .should().dependOnClassesThat().resideInAPackage("io.strata.stack..").check(classes);
    }

    @Test
    void onlyTheWorkspaceAndTheStackMakeEnginesBranchesRunStoresAndRunners() {
        noClasses().that().resideOutsideOfPackages("io.strata.service..", "io.strata.stack..")
                .and().doNotBelongToAnyOf(TrinoEngineProvider.class, io.strata.engine.dremio.DremioEngineProvider.class,
                        // A constructor handing on to another of its own class makes nothing new.
                        io.strata.engine.dremio.DremioEngine.class, RunStore.class, Runner.class)
                .should().callCodeUnitWhere(MAKES_A_CORE_SERVICE).check(classes);
    }

    @Test
    void theCliAndTheServerCopyNothingFromEachOther() {
        noClasses().that().resideInAPackage("io.strata.ui..").should().dependOnClassesThat().resideInAPackage("io.strata.cli..").check(classes);
        noClasses().that().resideInAPackage("io.strata.cli..").should().dependOnClassesThat().resideInAPackage("io.strata.ui..").check(classes);
    }

    @Test
    void theFrontsMakeNoCoreObjectButValuesTheyHandTheWorkspace() {
        noClasses().that().resideInAnyPackage("io.strata.cli..", "io.strata.ui..")
                .should().callCodeUnitWhere(MAKES_A_CORE_OBJECT).check(classes);
    }

    /** A constructor of a core class that is not a value (a record or an enum) or an exception. */
    private static final DescribedPredicate<JavaCall<?>> MAKES_A_CORE_OBJECT = DescribedPredicate.describe(
            "a constructor of a core class other than a record or an exception", call -> {
                JavaClass owner = call.getTargetOwner();
                return call.getName().equals("<init>") && owner.getPackageName().startsWith("io.strata.")
                        && !owner.getPackageName().startsWith("io.strata.cli") && !owner.getPackageName().startsWith("io.strata.ui")
                        && !owner.getPackageName().startsWith("io.strata.stack")
                        && !owner.isRecord() && !owner.isEnum() && !owner.isAssignableTo(Throwable.class)
                        && !owner.getName().contains("$Builder");
            });

    /** A constructor of the engine, branches or runner, or a factory of the run store or the schedules' store. */
    private static final DescribedPredicate<JavaCall<?>> MAKES_A_CORE_SERVICE = DescribedPredicate.describe(
            "a constructor of TrinoEngine, DremioEngine, NessieBranches or Runner, or a factory of RunStore or Scheduling", call -> {
                String owner = call.getTargetOwner().getName();
                boolean constructor = call.getName().equals("<init>");
                return constructor && Set.of(TrinoEngine.class.getName(), io.strata.engine.dremio.DremioEngine.class.getName(), NessieBranches.class.getName(),
                        Runner.class.getName()).contains(owner)
                        || owner.equals(RunStore.class.getName()) && Set.of("forProfile", "open", "postgres").contains(call.getName())
                        || owner.equals(io.strata.schedule.Scheduling.class.getName()) && call.getName().equals("open");
            });
}
