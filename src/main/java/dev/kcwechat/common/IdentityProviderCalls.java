package dev.kcwechat.common;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.keycloak.broker.provider.AbstractIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderModel;

/**
 * The calls whose signatures Keycloak 26.5 changed when it split {@code UserAuthenticationIdentityProvider}
 * out of {@code IdentityProvider}: {@code BrokeredIdentityContext.setIdp} and {@code getIdp} take and
 * give the new interface (before: {@code IdentityProvider}), and {@code IdentityProviderModel.isLinkOnly}
 * gives a {@code Boolean} (before: {@code boolean}). A call compiled against one is missing on the
 * other, so each method is looked up once by name and called through a method handle.
 */
public final class IdentityProviderCalls {

    private static final MethodHandle SET_IDP = method(BrokeredIdentityContext.class, "setIdp", 1)
            .asType(MethodType.methodType(void.class, BrokeredIdentityContext.class, Object.class));
    private static final MethodHandle GET_IDP = method(BrokeredIdentityContext.class, "getIdp", 0)
            .asType(MethodType.methodType(Object.class, BrokeredIdentityContext.class));
    private static final MethodHandle IS_LINK_ONLY = method(IdentityProviderModel.class, "isLinkOnly", 0)
            .asType(MethodType.methodType(Object.class, IdentityProviderModel.class));

    private IdentityProviderCalls() {
    }

    /** The provider that brokered the identity: Keycloak calls its import and update hooks, as the grant does. */
    public static void setIdp(BrokeredIdentityContext identity, AbstractIdentityProvider<?> idp) {
        try {
            SET_IDP.invokeExact(identity, (Object) idp);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** The provider {@link #setIdp} set; the extension's identities always have one of its own. */
    public static AbstractIdentityProvider<?> idp(BrokeredIdentityContext identity) {
        try {
            return (AbstractIdentityProvider<?>) (Object) GET_IDP.invokeExact(identity);
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** Keycloak's "link only": the provider signs in accounts already linked to it, and makes none. */
    public static boolean isLinkOnly(IdentityProviderModel model) {
        try {
            return Boolean.TRUE.equals((Object) IS_LINK_ONLY.invokeExact(model));
        } catch (Throwable e) {
            throw rethrown(e);
        }
    }

    /** The public method {@code name} of {@code owner} with that many parameters (there is one on every Keycloak). */
    static MethodHandle method(Class<?> owner, String name, int parameters) {
        Method method = Arrays.stream(owner.getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == parameters)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(owner.getName() + " has no " + name + " of " + parameters + " parameters"));
        try {
            return MethodHandles.publicLookup().unreflect(method);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RuntimeException rethrown(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }
}
