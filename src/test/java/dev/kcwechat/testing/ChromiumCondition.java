package dev.kcwechat.testing;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Behind {@link RequiresChromium}: disables the test, saying why, when no {@link Browser} can start. */
final class ChromiumCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> missing = Browser.missing();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("chromium and chromedriver found");
        }
        String reason = missing.get() + " (-D" + Browser.CHROMIUM_PROPERTY + " and -D" + Browser.CHROMEDRIVER_PROPERTY
                + " choose others); .ci/run installs Debian's chromium and chromium-driver";
        System.out.println("SKIPPED: " + context.getDisplayName() + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}
