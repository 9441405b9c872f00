package dev.kcwechat.grant;

import dev.kcwechat.broker.WeChatMiniProgramConfig;
import dev.kcwechat.broker.WeChatMiniProgramIdentityProvider;
import dev.kcwechat.broker.WeChatMiniProgramIdentityProviderFactory;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityProviderMapper;
import org.keycloak.broker.provider.IdentityProviderMapperSyncModeDelegate;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Finds, links or creates the Keycloak user of a brokered WeChat identity and runs the identity
 * provider's mappers, the way Keycloak's own brokering does.
 *
 * <p>A first login through this identity provider links or creates the user in a transaction of
 * its own, so the user and its link are either there whole or not at all. Concurrent first logins
 * of one WeChat user race on the unique username (or the link); the losers find the winner's user
 * and carry on as a returning login.
 */
final class BrokeredUserImporter {

    record ImportedUser(UserModel user, boolean created) {
    }

    private static final Logger LOG = Logger.getLogger(BrokeredUserImporter.class);
    private static final int LOOKUP_ATTEMPTS = 10;
    private static final long LOOKUP_BACKOFF_MS = 50;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final EventBuilder event;

    BrokeredUserImporter(KeycloakSession session, RealmModel realm, EventBuilder event) {
        this.session = session;
        this.realm = realm;
        this.event = event;
    }

    ImportedUser importUser(BrokeredIdentityContext identity) {
        WeChatMiniProgramIdentityProvider idp = (WeChatMiniProgramIdentityProvider) identity.getIdp();
        idp.preprocessFederatedIdentity(session, realm, identity);
        forEachMapper(session, identity, (mapper, model) -> mapper.preprocessFederatedIdentity(session, realm, model, identity));

        UserModel user = findLinked(identity);
        if (user != null) {
            update(user, identity);
            return new ImportedUser(user, false);
        }
        try {
            ImportedUserId imported = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                    session.getContext(), s -> linkOrCreate(s, identity), "WeChat first login");
            user = session.users().getUserById(realm, imported.userId());
            LOG.debugf("%s user %s for WeChat identity %s of identity provider %s", imported.created() ? "Created" : "Linked",
                    user.getUsername(), identity.getId(), identity.getIdpConfig().getAlias());
            if (imported.created()) {
                emitRegister(user, identity);
            }
            return new ImportedUser(user, imported.created());
        } catch (RuntimeException raced) {
            // most likely a concurrent first login of the same WeChat user linked it first
            LOG.debugf("Linking or creating the user of %s failed (%s); looking it up again", identity.getId(),
                    raced.getClass().getSimpleName());
            user = findLinkedAfterRace(identity);
            if (user == null) {
                throw raced;
            }
            update(user, identity);
            return new ImportedUser(user, false);
        }
    }

    private UserModel findLinked(BrokeredIdentityContext identity) {
        return session.users().getUserByFederatedIdentity(realm,
                new FederatedIdentityModel(identity.getIdpConfig().getAlias(), identity.getId(), identity.getUsername()));
    }

    private UserModel findLinkedAfterRace(BrokeredIdentityContext identity) {
        for (int attempt = 0; attempt < LOOKUP_ATTEMPTS; attempt++) {
            UserModel user = findLinked(identity);
            if (user != null) {
                return user;
            }
            try {
                Thread.sleep(LOOKUP_BACKOFF_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private record ImportedUserId(String userId, boolean created) {
    }

    /**
     * Runs in its own transaction: links the user who already has this unionid (a first login
     * through another mini-program of the same Open Platform account), or creates the user.
     * Either the link with its attributes and mappers is there whole, or nothing is.
     */
    private static ImportedUserId linkOrCreate(KeycloakSession s, BrokeredIdentityContext identity) {
        RealmModel realm = s.getContext().getRealm();
        UserModel existing = userWithSameUnionid(s, realm, identity);
        UserModel user = existing != null ? existing : newUser(s, realm, identity.getModelUsername());
        s.users().addFederatedIdentity(realm, user,
                new FederatedIdentityModel(identity.getIdpConfig().getAlias(), identity.getId(), identity.getUsername()));
        new WeChatMiniProgramIdentityProvider(s, new WeChatMiniProgramConfig(identity.getIdpConfig()))
                .importNewUser(s, realm, user, identity);
        forEachMapper(s, identity, (mapper, model) -> mapper.importNewUser(s, realm, user, model, identity));
        applyMappedAttributes(user, identity);
        return new ImportedUserId(user.getId(), existing == null);
    }

    private static UserModel newUser(KeycloakSession s, RealmModel realm, String username) {
        UserModel user = s.users().addUser(realm, username);
        user.setEnabled(true);
        return user;
    }

    private static UserModel userWithSameUnionid(KeycloakSession s, RealmModel realm, BrokeredIdentityContext identity) {
        String unionid = (String) identity.getContextData().get(WeChatMiniProgramIdentityProvider.UNIONID_DATA);
        if (unionid == null || !unionid.equals(identity.getId())) {
            return null;
        }
        List<UserModel> sameUnionid = s.users()
                .searchForUserByUserAttributeStream(realm, WeChatMiniProgramIdentityProvider.UNIONID_ATTRIBUTE, unionid)
                .limit(2).toList();
        return sameUnionid.size() == 1 ? sameUnionid.get(0) : null;
    }

    /** A returning login: mappers per their sync mode; nothing is written unless it changed. */
    private void update(UserModel user, BrokeredIdentityContext identity) {
        identity.getIdp().updateBrokeredUser(session, realm, user, identity);
        forEachMapper(session, identity, (mapper, model) ->
                IdentityProviderMapperSyncModeDelegate.delegateUpdateBrokeredUser(session, realm, user, model, identity, mapper));
        applyMappedAttributes(user, identity);
    }

    /** Attributes mappers left in the brokered context (user-profile aware mappers do that). */
    private static void applyMappedAttributes(UserModel user, BrokeredIdentityContext identity) {
        for (Map.Entry<String, List<String>> attribute : identity.getAttributes().entrySet()) {
            String name = attribute.getKey();
            if (!UserModel.USERNAME.equalsIgnoreCase(name)
                    && !Objects.equals(user.getAttributeStream(name).toList(), attribute.getValue())) {
                user.setAttribute(name, attribute.getValue());
            }
        }
    }

    private void emitRegister(UserModel user, BrokeredIdentityContext identity) {
        event.clone()
                .event(EventType.REGISTER)
                .user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(Details.REGISTER_METHOD, WeChatMiniProgramIdentityProviderFactory.PROVIDER_ID)
                .detail(Details.IDENTITY_PROVIDER, identity.getIdpConfig().getAlias())
                .detail(Details.IDENTITY_PROVIDER_USERNAME, identity.getId())
                .success();
    }

    private static void forEachMapper(KeycloakSession s, BrokeredIdentityContext identity,
                                      BiConsumer<IdentityProviderMapper, IdentityProviderMapperModel> action) {
        s.identityProviders().getMappersByAliasStream(identity.getIdpConfig().getAlias()).forEach(model -> {
            IdentityProviderMapper mapper = (IdentityProviderMapper) s.getKeycloakSessionFactory()
                    .getProviderFactory(IdentityProviderMapper.class, model.getIdentityProviderMapper());
            if (mapper != null) {
                action.accept(mapper, model);
            }
        });
    }
}
