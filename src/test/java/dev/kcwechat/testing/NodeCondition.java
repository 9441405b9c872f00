package dev.kcwechat.testing;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Behind {@link RequiresNode}: disables the test, saying why, when no recent enough Node.js runs. */
final class NodeCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> missing = NodeJs.missing();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("Node.js " + NodeJs.MINIMUM_MAJOR + "+ found");
        }
        String reason = "the mini-program SDK's tests were skipped: they need Node.js " + NodeJs.MINIMUM_MAJOR
                + " or later, and " + missing.get() + " (-D" + NodeJs.NODE_PROPERTY
                + "= chooses another); .ci/run installs Debian's nodejs";
        System.out.println("SKIPPED: " + context.getDisplayName() + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
