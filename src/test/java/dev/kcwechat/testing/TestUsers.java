package dev.kcwechat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** Users the tests create through the admin API or put into a realm's representation. */
public final class TestUsers {

    private TestUsers() {
    }

    /** An enabled user of that username. */
    public static UserRepresentation named(String username) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEnabled(true);
        return user;
    }

    /** An enabled user with a verified e-mail, names and that password (not temporary). */
    public static UserRepresentation withPassword(String username, String password, String email, String firstName, String lastName) {
        UserRepresentation user = named(username);
        user.setEmail(email);
        user.setEmailVerified(true);
        user.setFirstName(firstName);
        user.setLastName(lastName);
        user.setCredentials(new ArrayList<>(List.of(password(password))));
        return user;
    }

    /** A password credential, not temporary. */
    public static CredentialRepresentation password(String password) {
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        return credential;
    }

    /** Creates the user in that realm (201 Created); its id. */
    public static String create(RealmResource realm, UserRepresentation user) {
        try (Response created = realm.users().create(user)) {
            assertThat(created.getStatus()).as(() -> "creating " + user.getUsername() + ": " + created.readEntity(String.class))
                    .isEqualTo(201);
            return CreatedResponseUtil.getCreatedId(created);
        }
    }
}
