package dev.kcwechat.login;

import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;

/** The events a first login records: {@code REGISTER} for a new user, {@code FEDERATED_IDENTITY_LINK} for a new or re-keyed link. */
final class BrokeringEvents {

    /** FEDERATED_IDENTITY_LINK detail: the openid a link was keyed by before it was re-keyed to the unionid. */
    static final String REKEYED_FROM_DETAIL = "rekeyed_from_openid";

    private static final Logger LOG = Logger.getLogger(BrokeringEvents.class);

    private final EventBuilder event;

    /** @param event the login's event, copied for each record */
    BrokeringEvents(EventBuilder event) {
        this.event = event;
    }

    /**
     * Stores the event at once; {@code REGISTER}'s register method is the identity's own provider.
     *
     * @param rekeyedFrom the openid a re-keyed link had, else null
     */
    void record(EventType type, UserModel user, BrokeredIdentityContext identity, String rekeyedFrom) {
        LOG.debugf("%s: user %s, WeChat identity %s of identity provider %s", type, user.getUsername(), identity.getId(),
                identity.getIdpConfig().getAlias());
        EventBuilder recorded = event.clone();
        // a first login kept although the login was refused (consent_required): the user was registered all the same
        recorded.getEvent().setError(null);
        recorded
                .detail(REKEYED_FROM_DETAIL, rekeyedFrom)
                .storeImmediately(true)
                .event(type)
                .user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(Details.IDENTITY_PROVIDER, identity.getIdpConfig().getAlias())
                .detail(Details.IDENTITY_PROVIDER_USERNAME, identity.getId())
                .detail(Details.REGISTER_METHOD, type == EventType.REGISTER ? identity.getIdpConfig().getProviderId() : null)
                .success();
    }
}
