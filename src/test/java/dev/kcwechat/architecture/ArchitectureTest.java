package dev.kcwechat.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
        "dev.kcwechat.limits..", "dev.kcwechat.users..", "dev.kcwechat.email.."};

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

    /**
     * A class that names an API an older supported Keycloak lacks is used only behind the check of
     * {@code KeycloakFeatures} that keeps it unloaded there (KeycloakLinkageIT checks the rest on
     * each distribution): 26.5's 500 was such a class created on every login.
     */
    @Test
    void whatAnOlderKeycloakLacksIsReachedOnlyBehindItsCheck() {
        onlyUsedBy("dev.kcwechat.login.MiniProgramTokenRequestContext", "dev.kcwechat.login.ClientPolicyContexts");
        onlyUsedBy("dev.kcwechat.minors.GuardianRefreshTokenProvider", "dev.kcwechat.minors.GuardianRefreshTokenProviderFactory");
        onlyUsedBy("dev.kcwechat.minors.GuardianRefreshTokenProviderFactory");
        onlyUsedBy("dev.kcwechat.browser.BrowserCallback", "dev.kcwechat.wechatweb.WeChatWebIdentityProvider",
                "dev.kcwechat.wecom.WeComWebIdentityProvider");
    }

    /** No class but {@code users} (and the class itself, its nested classes included) depends on {@code type}. */
    private static void onlyUsedBy(String type, String... users) {
        String allowed = Stream.concat(Stream.of(type), Stream.of(users)).map(name -> Pattern.quote(name) + "(\\$.*)?")
                .collect(Collectors.joining("|"));
        classes().that().haveFullyQualifiedName(type)
                .should().onlyHaveDependentClassesThat(HasName.Predicates.nameMatching(allowed))
                .check(EXTENSION);
    }

    @Test
    void providerFamiliesKnowNeitherTheRestEndpointsNorMinors() {
        noClasses().that().resideInAnyPackage(PROVIDER_FAMILIES)
                .should().dependOnClassesThat().resideInAnyPackage("dev.kcwechat.resource..", "dev.kcwechat.minors..")
                .check(EXTENSION);
    }
}
