package dev.warren.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way (docs/ARCHITECTURE.md): cli → relay | agent | client → api → store; everything networked →
 * transport → protocol → common; pki → common. Components never import each other.
 */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.warren");
        // a rule over nothing proves nothing: every module's classes must be here
        org.assertj.core.api.Assertions.assertThat(classes.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct())
                .contains("common", "protocol", "pki", "transport", "store", "api", "relay", "agent", "client", "mtls", "cli");
    }

    @Test
    void componentsDoNotImportEachOther() {
        noClasses().that().resideInAPackage("dev.warren.relay..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.warren.agent..", "dev.warren.client..", "dev.warren.cli..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.warren.agent..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.warren.relay..", "dev.warren.client..",
                        "dev.warren.api..", "dev.warren.store..", "dev.warren.cli..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.warren.client..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.warren.relay..", "dev.warren.agent..",
                        "dev.warren.api..", "dev.warren.store..", "dev.warren.cli..")
                .check(classes);
    }

    @Test
    void lockdownStandsAloneAndOnlyTheCliUsesIt() {
        org.assertj.core.api.Assertions.assertThat(classes.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct())
                .contains("lockdown");
        noClasses().that().resideInAPackage("dev.warren.lockdown..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.warren.lockdown..", "dev.warren.common..",
                        "java..")
                .check(classes);
        noClasses().that().resideOutsideOfPackages("dev.warren.lockdown..", "dev.warren.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.warren.lockdown..").check(classes);
        noClasses().that().resideOutsideOfPackage("dev.warren.lockdown..")
                .should().dependOnClassesThat().resideInAPackage("dev.warren.lockdown.internal..").check(classes);
    }

    @Test
    void theMtlsProxyStandsAlone() {
        noClasses().that().resideInAPackage("dev.warren.mtls..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.warren.relay..", "dev.warren.agent..",
                        "dev.warren.client..", "dev.warren.api..", "dev.warren.store..", "dev.warren.protocol..",
                        "dev.warren.transport..", "dev.warren.pki..", "dev.warren.cli..")
                .check(classes);
        noClasses().that().resideInAnyPackage("dev.warren.relay..", "dev.warren.agent..", "dev.warren.client..",
                        "dev.warren.api..", "dev.warren.store..")
                .should().dependOnClassesThat().resideInAPackage("dev.warren.mtls..").check(classes);
        noClasses().that().resideOutsideOfPackage("dev.warren.mtls..")
                .should().dependOnClassesThat().resideInAPackage("dev.warren.mtls.internal..").check(classes);
    }

    @Test
    void lowerLayersDoNotReachUp() {
        noClasses().that().resideInAPackage("dev.warren.common..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dev.warren.common..", "java..", "javax..",
                        "io.netty..", "org.slf4j..", "com.fasterxml..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.warren.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.warren.transport..", "dev.warren.pki..",
                        "dev.warren.store..", "dev.warren.api..", "dev.warren.relay..", "dev.warren.agent..",
                        "dev.warren.client..", "dev.warren.cli..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.warren.transport..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.warren.store..", "dev.warren.api..",
                        "dev.warren.relay..", "dev.warren.agent..", "dev.warren.client..", "dev.warren.cli..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.warren.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.warren.protocol..", "dev.warren.transport..",
                        "dev.warren.api..", "dev.warren.relay..", "dev.warren.agent..", "dev.warren.client..")
                .check(classes);
        noClasses().that().resideInAPackage("dev.warren.api..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.warren.relay..", "dev.warren.agent..",
                        "dev.warren.client..", "dev.warren.cli..")
                .check(classes);
    }

    @Test
    void internalPackagesStayInTheirModule() {
        noClasses().that().resideOutsideOfPackage("dev.warren.store..")
                .should().dependOnClassesThat().resideInAPackage("dev.warren.store.internal..").check(classes);
        noClasses().that().resideOutsideOfPackage("dev.warren.api..")
                .should().dependOnClassesThat().resideInAPackage("dev.warren.api.internal..").check(classes);
        noClasses().that().resideOutsideOfPackage("dev.warren.common.tls..")
                .should().dependOnClassesThat().resideInAPackage("dev.warren.common.tls.internal..").check(classes);
    }

    @Test
    void theGatewayStandsAlone() {
        noClasses().that().resideInAPackage("dev.warren.gateway..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.warren.protocol..", "dev.warren.transport..",
                        "dev.warren.pki..", "dev.warren.store..", "dev.warren.api..", "dev.warren.relay..",
                        "dev.warren.agent..", "dev.warren.client..", "dev.warren.cli..")
                .check(classes);
        noClasses().that().resideOutsideOfPackage("dev.warren.gateway..")
                .should().dependOnClassesThat().resideInAPackage("dev.warren.gateway.internal..").check(classes);
    }
}
