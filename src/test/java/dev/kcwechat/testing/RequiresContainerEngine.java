package dev.kcwechat.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class starts containers (tag {@value #TAG}): where no container engine answers (Docker, or
 * podman's Docker API through {@code DOCKER_HOST}: {@code containers/README.md}) it is skipped, and a
 * line starting {@code SKIPPED:} says so and why. The images it runs are {@link ContainerImages}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RequiresContainerEngine.TAG)
@ExtendWith(ContainerEngineCondition.class)
public @interface RequiresContainerEngine {

    String TAG = "containers";
}
