package dev.kcwechat.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class or method runs {@link NodeJs} (the mini-program SDK's tests): where Node.js 18 or
 * later is missing it is skipped, and a line starting {@code SKIPPED:} says so and why. Put it on
 * the class, so that a skipped class does not start Keycloak either.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NodeCondition.class)
public @interface RequiresNode {
}
