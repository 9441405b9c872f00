package dev.kcwechat.testing;

import java.util.Set;
import org.keycloak.admin.client.resource.UserProfileResource;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;

/** The realm's user profile as WeChat users need it in browser logins: no e-mail or names required (WeChat gives none). */
public final class UserProfiles {

    private UserProfiles() {
    }

    public static void namesOptional(WeChatRealmExtension realm) {
        UserProfileResource userProfile = realm.resource().users().userProfile();
        UPConfig profile = userProfile.getConfiguration();
        for (UPAttribute attribute : profile.getAttributes()) {
            if (Set.of("email", "firstName", "lastName").contains(attribute.getName())) {
                attribute.setRequired(null);
            }
        }
        userProfile.update(profile);
    }
}
