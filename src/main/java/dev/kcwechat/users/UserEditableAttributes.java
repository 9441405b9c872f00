package dev.kcwechat.users;

import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;

/**
 * Whether users themselves may change an attribute, per the realm's user profile: a declared
 * attribute whose edit permission includes {@code user}, or an undeclared one while unmanaged
 * attributes are enabled for everyone. Such a value proves nothing.
 */
public final class UserEditableAttributes {

    private static final String USER_ROLE = "user";

    private UserEditableAttributes() {
    }

    public static boolean usersCanEdit(KeycloakSession session, String attribute) {
        UPConfig profile = session.getProvider(UserProfileProvider.class).getConfiguration();
        UPAttribute declared = profile.getAttribute(attribute);
        if (declared == null) {
            return profile.getUnmanagedAttributePolicy() == UPConfig.UnmanagedAttributePolicy.ENABLED;
        }
        return declared.getPermissions() != null && declared.getPermissions().getEdit() != null
                && declared.getPermissions().getEdit().contains(USER_ROLE);
    }
}
