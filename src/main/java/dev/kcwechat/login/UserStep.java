package dev.kcwechat.login;

import dev.kcwechat.common.Causes;
import dev.kcwechat.common.IdentityProviderCalls;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.UserModel;

/**
 * The importer's look-up and import as steps of the grant: what the importer refuses becomes the
 * contract's error, and a database failure a {@code temporarily_unavailable} that leaks nothing.
 */
final class UserStep {

    private static final Logger LOG = Logger.getLogger(UserStep.class);

    private final BrokeredUserImporter importer;
    private final LoginErrors errors;

    UserStep(BrokeredUserImporter importer, LoginErrors errors) {
        this.importer = importer;
        this.errors = errors;
    }

    /** @return the user already linked to the identity, or null */
    UserModel linked(BrokeredIdentityContext identity) {
        try {
            return importer.prepare(identity);
        } catch (RuntimeException e) {
            LOG.warnf("Could not look up the user of WeChat identity %s: %s", identity.getId(), Causes.of(e));
            throw errors.error(GrantError.temporarilyUnavailable(), "The user could not be looked up; try again");
        }
    }

    /** Whether this is a first login: no user linked by the identity's key, nor by its openid. */
    boolean isFirstLogin(BrokeredIdentityContext identity, UserModel linked) {
        return linked == null && !importer.hasOpenidLink(identity);
    }

    BrokeredUserImporter.Imported imported(BrokeredIdentityContext identity, UserModel linked) {
        if (linked == null && IdentityProviderCalls.isLinkOnly(identity.getIdpConfig()) && !importer.hasOpenidLink(identity)) {
            // Keycloak's "link only": the provider signs in accounts linked to it, it makes none
            throw errors.error(GrantError.accessDenied(), "This identity provider only signs in accounts already linked to it");
        }
        try {
            return importer.importUser(identity, linked);
        } catch (PhoneConflictException e) {
            e.linkRefused().ifPresent(why -> errors.detail(PhoneConflictException.LINK_REFUSED_DETAIL, why));
            throw errors.error(GrantError.accessDenied(), e.getMessage());
        } catch (LoginRefusal.Refused e) {
            throw errors.error(e.refusal().error(), e.refusal().description());
        } catch (RuntimeException e) {
            LOG.warnf("Could not import the user of WeChat identity %s: %s", identity.getId(), Causes.of(e));
            throw errors.error(GrantError.temporarilyUnavailable(), "The user could not be created; try again");
        }
    }
}
