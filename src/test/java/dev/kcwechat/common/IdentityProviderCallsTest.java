package dev.kcwechat.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kcwechat.miniprogram.WeChatMiniProgramConfig;
import dev.kcwechat.miniprogram.WeChatMiniProgramIdentityProvider;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import org.junit.jupiter.api.Test;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderModel;

class IdentityProviderCallsTest {

    @Test
    void theProviderSetOnAnIdentityIsKeycloaksToo() {
        IdentityProviderModel model = new IdentityProviderModel();
        model.setEnabled(true);
        BrokeredIdentityContext identity = new BrokeredIdentityContext("openid", model);
        WeChatMiniProgramIdentityProvider provider = new WeChatMiniProgramIdentityProvider(null, new WeChatMiniProgramConfig(model));

        IdentityProviderCalls.setIdp(identity, provider);

        assertThat(IdentityProviderCalls.idp(identity)).isSameAs(provider);
        assertThat(identity.getIdp()).isSameAs(provider);
    }

    @Test
    void linkOnlyIsOnlyWhenSetToTrue() {
        IdentityProviderModel model = new IdentityProviderModel();
        assertThat(IdentityProviderCalls.isLinkOnly(model)).isFalse();

        model.setLinkOnly(true);
        assertThat(IdentityProviderCalls.isLinkOnly(model)).isTrue();

        model.setLinkOnly(false);
        assertThat(IdentityProviderCalls.isLinkOnly(model)).isFalse();
    }

    /** IdentityProviderModel of Keycloak 26.4: a primitive boolean. */
    public static final class PrimitiveLinkOnly {
        public boolean isLinkOnly() {
            return true;
        }
    }

    @Test
    void aPrimitiveLinkOnlyIsReadTheSame() throws Throwable {
        MethodHandle isLinkOnly = IdentityProviderCalls.method(PrimitiveLinkOnly.class, "isLinkOnly", 0)
                .asType(MethodType.methodType(Object.class, PrimitiveLinkOnly.class));

        assertThat((Object) isLinkOnly.invoke(new PrimitiveLinkOnly())).isEqualTo(Boolean.TRUE);
    }
}
