package dev.kcwechat.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class or method needs a Keycloak of at least {@link #atLeast()}, or one before
 * {@link #before()} (major.minor), for {@link #because()}: on the distribution the run uses
 * ({@link KeycloakDistribution}) it is skipped otherwise, and a line starting {@code SKIPPED:} says
 * so and why. The README's "Supported Keycloak versions" lists what each version lacks.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KeycloakVersionCondition.class)
public @interface RequiresKeycloak {

    String atLeast() default "";

    String before() default "";

    String because();
}
