package dev.kcwechat.testing;

import dev.kcwechat.common.KeycloakVersion;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Behind {@link RequiresKeycloak}: disables the test, saying why, on a Keycloak outside its versions. */
final class KeycloakVersionCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        RequiresKeycloak requires = context.getElement()
                .flatMap(element -> AnnotationSupport.findAnnotation(element, RequiresKeycloak.class)).orElse(null);
        if (requires == null) {
            return ConditionEvaluationResult.enabled("any Keycloak");
        }
        KeycloakVersion running = KeycloakDistribution.version();
        String outside = null;
        if (!requires.atLeast().isEmpty() && !running.isAtLeast(line(requires.atLeast()))) {
            outside = "it needs Keycloak " + requires.atLeast() + " or later";
        } else if (!requires.before().isEmpty() && running.isAtLeast(line(requires.before()))) {
            outside = "it is about Keycloak before " + requires.before();
        }
        if (outside == null) {
            return ConditionEvaluationResult.enabled("Keycloak " + running.text());
        }
        String reason = outside + " (" + requires.because() + "), and this run's is " + running.text() + " (-Dkeycloak.version)";
        System.out.println("SKIPPED: " + context.getDisplayName() + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    private static KeycloakVersion line(String version) {
        return KeycloakVersion.parse(version).orElseThrow(() -> new IllegalArgumentException("Not a Keycloak version: " + version));
    }
}
