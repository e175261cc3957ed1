package io.flowmeter;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The module map of DESIGN.md, enforced: dependencies point one way, UI stays a leaf. */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.flowmeter");

    @Test
    void modulesDependOnlyOnTheModulesBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true)
                .layer("shared").definedBy("io.flowmeter.shared..")
                .layer("database").definedBy("io.flowmeter.database..")
                .layer("tenancy").definedBy("io.flowmeter.tenancy..")
                .layer("identity").definedBy("io.flowmeter.identity..")
                .layer("audit").definedBy("io.flowmeter.audit..")
                .layer("secret").definedBy("io.flowmeter.secret..")
                .layer("template").definedBy("io.flowmeter.template..")
                .layer("connector").definedBy("io.flowmeter.connector..")
                .layer("connection").definedBy("io.flowmeter.connection..")
                .layer("workflow").definedBy("io.flowmeter.workflow..")
                .layer("engine").definedBy("io.flowmeter.engine..")
                .layer("trigger").definedBy("io.flowmeter.trigger..")
                .layer("analytics").definedBy("io.flowmeter.analytics..")
                .layer("admin").definedBy("io.flowmeter.admin..")
                .layer("export").definedBy("io.flowmeter.export..")
                .layer("shell").definedBy("io.flowmeter.shell..")
                .whereLayer("shell").mayNotBeAccessedByAnyLayer()
                .whereLayer("admin").mayNotBeAccessedByAnyLayer()
                .whereLayer("export").mayNotBeAccessedByAnyLayer()
                .whereLayer("analytics").mayOnlyBeAccessedByLayers("admin", "shell")
                // modules publish audit events (shared); only what sits above reads the log
                .whereLayer("audit").mayOnlyBeAccessedByLayers("admin", "shell")
                .whereLayer("trigger").mayOnlyBeAccessedByLayers("analytics", "admin", "shell")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("trigger", "analytics", "admin", "export", "shell")
                .whereLayer("workflow").mayOnlyBeAccessedByLayers("engine", "trigger", "analytics", "admin", "shell")
                .whereLayer("connection").mayOnlyBeAccessedByLayers("workflow", "engine", "trigger", "admin", "shell")
                .whereLayer("connector").mayOnlyBeAccessedByLayers("connection", "workflow", "engine", "trigger", "admin", "shell")
                .whereLayer("template").mayOnlyBeAccessedByLayers("workflow", "engine")
                .whereLayer("secret").mayOnlyBeAccessedByLayers("connection", "engine", "admin")
                .whereLayer("identity").mayOnlyBeAccessedByLayers("audit", "connection", "workflow", "engine", "trigger", "analytics", "admin",
                        "export", "shell")
                .whereLayer("tenancy").mayOnlyBeAccessedByLayers("identity", "audit", "secret", "connection", "workflow", "engine", "trigger", "analytics",
                        "admin", "export", "shell")
                .whereLayer("database").mayOnlyBeAccessedByLayers("engine", "admin")
                .check(CLASSES);
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("io.flowmeter.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theEngineKnowsConnectorsOnlyThroughTheSpi() {
        noClasses().that().resideInAPackage("io.flowmeter.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("io.flowmeter.connector.core..", "io.flowmeter.connector.http..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    @Test
    void nothingDependsOnUi() {
        noClasses().that().resideOutsideOfPackage("io.flowmeter..ui..")
                .should().dependOnClassesThat().resideInAPackage("io.flowmeter..ui..")
                .check(CLASSES);
    }

    @Test
    void viewsNeverTouchRepositories() {
        noClasses().that().resideInAPackage("..ui..")
                .should().dependOnClassesThat().areAssignableTo(Repository.class)
                .check(CLASSES);
    }

    @Test
    void onlyServicesAndSecurityOpenTheWholePlatformScope() {
        noClasses().that().resideInAnyPackage("..ui..", "..api..", "..domain..")
                .should().callMethod(io.flowmeter.tenancy.TenantContext.class, "callAsPlatform", java.util.function.Supplier.class)
                .orShould().callMethod(io.flowmeter.tenancy.TenantContext.class, "runAsPlatform", Runnable.class)
                .check(CLASSES);
    }
}
