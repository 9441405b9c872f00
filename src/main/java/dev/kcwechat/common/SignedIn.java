package dev.kcwechat.common;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * Who Keycloak says is signed in (a bearer token, the identity cookie): its {@code AuthResult},
 * read the same on every Keycloak. {@code AuthResult} is a record since Keycloak 26.5
 * ({@code user()}, {@code session()}, ...) and had getters before ({@code getUser()}, ...); a call
 * compiled against either is missing on the other, so each accessor is looked up once by name.
 */
public record SignedIn(UserModel user, UserSessionModel session, AccessToken token, ClientModel client) {

    private static final MethodHandle USER = accessor(AuthResult.class, "user", UserModel.class);
    private static final MethodHandle SESSION = accessor(AuthResult.class, "session", UserSessionModel.class);
    private static final MethodHandle TOKEN = accessor(AuthResult.class, "token", AccessToken.class);
    private static final MethodHandle CLIENT = accessor(AuthResult.class, "client", ClientModel.class);

    /** Null for null: no one signed in. */
    public static SignedIn of(AuthResult auth) {
        if (auth == null) {
            return null;
        }
        try {
            return new SignedIn((UserModel) USER.invokeExact(auth), (UserSessionModel) SESSION.invokeExact(auth),
                    (AccessToken) TOKEN.invokeExact(auth), (ClientModel) CLIENT.invokeExact(auth));
        } catch (Throwable e) {
            throw new IllegalStateException("Keycloak's AuthResult could not be read", e);
        }
    }

    /**
     * The public no-argument method {@code name()} (a record's accessor) or else {@code getName()} of
     * {@code owner}, typed {@code (owner) -> type}.
     */
    static MethodHandle accessor(Class<?> owner, String name, Class<?> type) {
        String getter = "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        return Arrays.stream(owner.getMethods())
                .filter(m -> m.getParameterCount() == 0 && (m.getName().equals(name) || m.getName().equals(getter)))
                .filter(m -> type.isAssignableFrom(m.getReturnType()))
                .findFirst()
                .map(m -> {
                    try {
                        return MethodHandles.publicLookup().unreflect(m).asType(MethodType.methodType(type, owner));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .orElseThrow(() -> new IllegalStateException(owner.getName() + " has neither " + name + "() nor " + getter + "()"));
    }
}
