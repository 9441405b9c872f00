package dev.kcwechat.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.invoke.MethodHandle;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

class SignedInTest {

    @Test
    void keycloaksAuthResultIsReadThroughItsRecordAccessors() {
        AccessToken token = new AccessToken();

        SignedIn signedIn = SignedIn.of(new AuthResult(null, null, token, null));

        assertThat(signedIn.token()).isSameAs(token);
        assertThat(signedIn.user()).isNull();
    }

    @Test
    void noAuthResultIsNoOneSignedIn() {
        assertThat(SignedIn.of(null)).isNull();
    }

    /** AuthResult of Keycloak 26.4: a class with getters. */
    public static final class GetterAuthResult {
        private final AccessToken token;

        public GetterAuthResult(AccessToken token) {
            this.token = token;
        }

        public AccessToken getToken() {
            return token;
        }
    }

    @Test
    void beforeTheRecordTheGetterIsTaken() throws Throwable {
        AccessToken token = new AccessToken();
        MethodHandle accessor = SignedIn.accessor(GetterAuthResult.class, "token", AccessToken.class);

        assertThat((AccessToken) accessor.invoke(new GetterAuthResult(token))).isSameAs(token);
    }

    @Test
    void withNeitherAccessorNorGetterTheLookupSaysWhichIsMissing() {
        assertThatThrownBy(() -> SignedIn.accessor(GetterAuthResult.class, "user", AccessToken.class))
                .hasMessageContaining("has neither user() nor getUser()");
    }
}
