package dev.kcwechat.testing;

import dev.kcwechat.simulator.WeChatSimulator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.EventRepresentation;

/**
 * What an integration test class works with: the shared Keycloak, a WeChat simulator of its own
 * and a realm of its own pointing at it. Register it as a static field:
 * {@code @RegisterExtension static final WeChatRealmExtension realm = WeChatRealmExtension.named("x");}
 */
public final class WeChatRealmExtension implements BeforeAllCallback, AfterAllCallback {

    private final String name;
    private Consumer<TestRealm> customizer = realm -> { };
    private TestEnvironment environment;
    private WeChatSimulator wechat;

    private WeChatRealmExtension(String name) {
        this.name = name;
    }

    public static WeChatRealmExtension named(String name) {
        return new WeChatRealmExtension(name);
    }

    /** Changes the realm (and the simulator, through {@link TestRealm#simulator()}) before it is created. */
    public WeChatRealmExtension with(Consumer<TestRealm> customizer) {
        this.customizer = customizer;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        environment = TestEnvironment.get();
        wechat = WeChatSimulator.start(0);
        TestRealm realm = TestRealm.named(name, wechat);
        realm.representation().setSmtpServer(environment.mailbox().smtpServer());
        customizer.accept(realm);
        realm.create(environment.admin());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        wechat.close();
    }

    public String name() {
        return name;
    }

    public WeChatSimulator wechat() {
        return wechat;
    }

    public KeycloakAdmin admin() {
        return environment.admin();
    }

    /** This realm in the admin client. */
    public RealmResource resource() {
        return admin().realm(name);
    }

    public KeycloakServer server() {
        return environment.server();
    }

    /** The run's SMTP server, where this realm's mail arrives. */
    public Mailbox mailbox() {
        return environment.mailbox();
    }

    public OAuth oauth() {
        return environment.oauth(name);
    }

    /** How many users the realm has. */
    public int userCount() {
        return resource().users().count();
    }

    /** The realm's stored events of that type, newest first: of that user unless null, at most {@code max} unless null. */
    public List<EventRepresentation> events(String type, String user, Integer max) {
        return resource().getEvents(List.of(type), null, user, null, null, null, null, max);
    }

    /** This realm's path under {@code /admin/realms}, for raw calls: {@code path("/wechat/consents")} is {@code /<realm>/wechat/consents}. */
    public String path(String path) {
        return "/" + name + path;
    }
}
