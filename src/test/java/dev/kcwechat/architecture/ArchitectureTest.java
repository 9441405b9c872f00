package dev.kcwechat.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages by feature, checked over the compiled classes: no cycles between them, and the
 * arrows that matter point downwards: the grant ({@code login}) knows no provider family, the pure
 * policy of minors knows no Keycloak, and the bottom ({@code common}, {@code wechatapi}) knows no
 * feature. The package map is in docs/architecture.md.
 */
class ArchitectureTest {

    private static final JavaClasses EXTENSION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.kcwechat");

    private static final String[] PROVIDER_FAMILIES = {"dev.kcwechat.miniprogram..", "dev.kcwechat.wechatweb..", "dev.kcwechat.wecom.."};
    private static final String[] FEATURES = {"dev.kcwechat.login..", "dev.kcwechat.miniprogram..", "dev.kcwechat.wechatweb..",
        "dev.kcwechat.wecom..", "dev.kcwechat.minors..", "dev.kcwechat.claims..", "dev.kcwechat.resource..", "dev.kcwechat.session..",
        "dev.kcwechat.limits..", "dev.kcwechat.users.."};

    @Test
    void noPackageCycles() {
        slices().matching("dev.kcwechat.(**)").should().beFreeOfCycles().check(EXTENSION);
    }

    @Test
    void theGrantKnowsNoProviderFamily() {
        noClasses().that().resideInAPackage("dev.kcwechat.login..")
                .should().dependOnClassesThat().resideInAnyPackage(PROVIDER_FAMILIES)
                .check(EXTENSION);
    }

    @Test
    void theMinorsPolicyIsPureJava() {
        classes().that().resideInAPackage("dev.kcwechat.minors.policy..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.kcwechat.minors.policy..", "dev.kcwechat.common..")
                .check(EXTENSION);
    }

    @Test
    void theBottomKnowsNoFeature() {
        noClasses().that().resideInAnyPackage("dev.kcwechat.common..", "dev.kcwechat.wechatapi..")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
                .check(EXTENSION);
    }

    @Test
    void providerFamiliesKnowNeitherTheRestEndpointsNorMinors() {
        noClasses().that().resideInAnyPackage(PROVIDER_FAMILIES)
                .should().dependOnClassesThat().resideInAnyPackage("dev.kcwechat.resource..", "dev.kcwechat.minors..")
                .check(EXTENSION);
    }
}
