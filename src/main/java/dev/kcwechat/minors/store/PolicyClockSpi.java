package dev.kcwechat.minors.store;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The SPI of the guardian policy's clock: Keycloak's clock unless a provider with a higher order is deployed. */
public final class PolicyClockSpi implements Spi {

    public static final String NAME = "kcwechat-policy-clock";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return PolicyClock.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return PolicyClockFactory.class;
    }
}
