package dev.kcwechat.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/** Behind {@link RequiresContainerEngine}: disables the test, saying why, when Testcontainers finds no container engine. */
final class ContainerEngineCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            return ConditionEvaluationResult.enabled("a container engine answers");
        }
        String reason = "no container engine answers (a Docker socket, or DOCKER_HOST); .ci/run sets up podman's"
                + " (containers/setup) and the stand-in images (containers/build-images)";
        System.out.println("SKIPPED: " + context.getDisplayName() + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
