package dev.kcwechat.minors.store;

import org.keycloak.provider.ProviderFactory;

/** Makes the guardian policy's {@link PolicyClock}. */
public interface PolicyClockFactory extends ProviderFactory<PolicyClock> {
}
