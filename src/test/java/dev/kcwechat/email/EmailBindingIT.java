package dev.kcwechat.email;

import static dev.kcwechat.simulator.WeChatSimulator.DEMO_APP_ID;
import static dev.kcwechat.testing.OAuthErrors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kcwechat.testing.GuardianSetup;
import dev.kcwechat.testing.Http;
import dev.kcwechat.testing.Jwt;
import dev.kcwechat.testing.Mailbox;
import dev.kcwechat.testing.OAuth;
import dev.kcwechat.testing.TestEnvironment;
import dev.kcwechat.testing.TestRealm;
import dev.kcwechat.testing.TestUsers;
import dev.kcwechat.testing.WeChatRealmExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * E-mail as the overseas users' fallback on a real Keycloak with a real SMTP server (GreenMail):
 * the code arrives by mail in the user's language, proves the address once within its lifespan,
 * counts against the limits, never binds an address another account has (or links it, under
 * {@code emailConflict=link}, as the phone rules allow), and is in no answer, event or log line.
 */
class EmailBindingIT {

    private static final String LINK_IDP = "wechat-email-link";
    private static final String LINK_APP = "wx4444444444444444";
    private static final String SECRET = "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd";
    private static final AtomicInteger USERS = new AtomicInteger();

    @RegisterExtension
    static final WeChatRealmExtension realm = WeChatRealmExtension.named("emailbind").with(r -> {
        r.simulator().registerApp(LINK_APP, SECRET);
        r.addIdentityProvider(LINK_IDP, LINK_APP, SECRET, TestRealm.PUBLIC_CLIENT);
        r.idpConfig(LINK_IDP).put("emailConflict", "link");
        r.idpConfig(TestRealm.IDP_ALIAS).put("allowedClients", TestRealm.PUBLIC_CLIENT);
        r.representation().setInternationalizationEnabled(true);
        r.representation().setSupportedLocales(java.util.Set.of("en", "zh-CN"));
        r.representation().setDefaultLocale("en");
    });

    private final OAuth oauth = realm.oauth();
    private final Mailbox mailbox = realm.mailbox();

    /** A fresh WeChat user of that provider signed in with the {@code email} scope: its token answer. */
    private JsonNode login(String alias) {
        String app = alias.equals(LINK_IDP) ? LINK_APP : DEMO_APP_ID;
        String openid = "oEmail" + USERS.incrementAndGet() + "_openid_" + System.nanoTime();
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("idp", alias);
        extra.put("scope", "openid email");
        Http.Answer answer = oauth.codeLogin(TestRealm.PUBLIC_CLIENT, realm.wechat().newCode(app, openid, null), extra);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    private static String bearer(JsonNode tokens) {
        return tokens.get("access_token").asText();
    }

    private static String sub(JsonNode tokens) {
        return new Jwt(bearer(tokens)).claims().get("sub").asText();
    }

    private Http.Answer send(String accessToken, Object email) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (email != null) {
            body.put("email", email);
        }
        return Http.postJson(oauth.wechat("email"), body, accessToken);
    }

    private Http.Answer verify(String accessToken, String email, String code) {
        return Http.postJson(oauth.wechat("email/verify"), Map.of("email", email, "code", code), accessToken);
    }

    /** Asks for a code and reads it from the mail that arrived. */
    private Mailbox.Mail codeMail(String accessToken, String email) {
        int before = mailbox.to(email).size();
        Http.Answer sent = send(accessToken, email);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        return mailbox.next(email, before, Duration.ofSeconds(10));
    }

    private static String address(String name) {
        return name + "-" + System.nanoTime() + "@overseas.example.com";
    }

    @Test
    void aCodeFromTheMailVerifiesTheAddressAndTheTokensCarryIt() {
        long logStart = realm.server().logPosition();
        JsonNode tokens = login(TestRealm.IDP_ALIAS);
        String email = address("Alice");

        Http.Answer sent = send(bearer(tokens), "  " + email.toUpperCase() + " ");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().get("email").asText()).isEqualTo(email.toLowerCase());
        assertThat(sent.json().get("expires_in").asInt()).isEqualTo(TestEnvironment.EMAIL_CODE_LIFESPAN);
        Mailbox.Mail mail = mailbox.next(email.toLowerCase(), 0, Duration.ofSeconds(10));
        String code = mail.code();
        assertThat(mail.subject()).contains("verification code");
        assertThat(mail.text()).contains("valid for 1 minutes");
        assertThat(mail.html()).as("the HTML part has the code too").contains(code).contains("<p");
        assertThat(sent.body()).doesNotContain(code);

        Http.Answer verified = verify(bearer(tokens), email, code);

        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.json().get("email").asText()).isEqualTo(email.toLowerCase());
        assertThat(verified.json().get("email_verified").asBoolean()).isTrue();
        assertThat(verified.body()).doesNotContain(code);
        UserRepresentation user = realm.resource().users().get(sub(tokens)).toRepresentation();
        assertThat(user.getEmail()).isEqualTo(email.toLowerCase());
        assertThat(user.isEmailVerified()).isTrue();
        Http.Answer refreshed = oauth.refresh(TestRealm.PUBLIC_CLIENT, tokens.get("refresh_token").asText());
        JsonNode claims = new Jwt(refreshed.json().get("access_token").asText()).claims();
        assertThat(claims.get("email").asText()).isEqualTo(email.toLowerCase());
        assertThat(claims.get("email_verified").asBoolean()).isTrue();

        // the record: kind email, the address masked
        Http.Answer records = Http.get(oauth.wechat("me/authorizations"), refreshed.json().get("access_token").asText());
        List<JsonNode> emailRecords = new ArrayList<>();
        records.json().forEach(record -> {
            if (record.get("kind").asText().equals("email")) {
                emailRecords.add(record);
            }
        });
        assertThat(emailRecords).hasSize(1);
        String masked = emailRecords.get(0).get("detail").asText();
        assertThat(masked).startsWith("a***").endsWith("@overseas.example.com").isNotEqualTo(email.toLowerCase());
        assertThat(emailRecords.get(0).get("clientId").asText()).isEqualTo(TestRealm.PUBLIC_CLIENT);

        // the events: Keycloak's SEND_VERIFY_EMAIL and UPDATE_EMAIL, the address masked, never the code
        List<EventRepresentation> events = new ArrayList<>(realm.events("SEND_VERIFY_EMAIL", sub(tokens), 5));
        events.addAll(realm.events("UPDATE_EMAIL", sub(tokens), 5));
        assertThat(events).extracting(EventRepresentation::getType).containsExactlyInAnyOrder("SEND_VERIFY_EMAIL", "UPDATE_EMAIL");
        for (EventRepresentation event : events) {
            assertThat(event.getDetails().toString()).doesNotContain(code).doesNotContain(email.toLowerCase()).contains(masked);
        }
        assertThat(realm.server().logSince(logStart)).as("the code is in no log line, even at TRACE").doesNotContain(code);
    }

    @Test
    void theMailIsInTheUsersLanguage() {
        JsonNode tokens = login(TestRealm.IDP_ALIAS);
        UserRepresentation user = realm.resource().users().get(sub(tokens)).toRepresentation();
        user.singleAttribute("locale", "zh-CN");
        realm.resource().users().get(sub(tokens)).update(user);
        String email = address("chen");

        Mailbox.Mail mail = codeMail(bearer(tokens), email);

        assertThat(mail.subject()).contains("验证码");
        assertThat(mail.text()).contains("分钟内有效");
        assertThat(mail.html()).contains("分钟内有效").contains(mail.code());
        assertThat(verify(bearer(tokens), email, mail.code()).status()).isEqualTo(200);
    }

    @Test
    void aWrongCodeIsRefusedAndFiveTriesUseTheCodeUp() {
        JsonNode tokens = login(TestRealm.IDP_ALIAS);
        String email = address("bob");
        String code = codeMail(bearer(tokens), email).code();
        String wrong = code.equals("000000") ? "111111" : "000000";

        assertError(verify(bearer(tokens), email, wrong), 400, "invalid_grant");
        assertThat(verify(bearer(tokens), email, code).status()).as("a wrong try leaves the code usable").isEqualTo(200);

        String second = address("bob2");
        String secondCode = codeMail(bearer(tokens), second).code();
        String secondWrong = secondCode.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < EmailCodes.MAX_TRIES; i++) {
            assertError(verify(bearer(tokens), second, secondWrong), 400, "invalid_grant");
        }
        assertError(verify(bearer(tokens), second, secondCode), 400, "invalid_grant");
        assertThat(realm.resource().users().get(sub(tokens)).toRepresentation().getEmail()).isEqualTo(email.toLowerCase());
        assertThat(realm.events("UPDATE_EMAIL_ERROR", sub(tokens), 10)).isNotEmpty()
                .allSatisfy(event -> assertThat(event.getDetails().toString()).doesNotContain(secondCode).doesNotContain(secondWrong));
    }

    @Test
    void aCodeWorksOnceAndOnlyForItsUserAndAddress() {
        JsonNode tokens = login(TestRealm.IDP_ALIAS);
        JsonNode other = login(TestRealm.IDP_ALIAS);
        String email = address("carol");
        String code = codeMail(bearer(tokens), email).code();

        assertError(verify(bearer(other), email, code), 400, "invalid_grant");
        assertError(verify(bearer(tokens), address("carol-other"), code), 400, "invalid_grant");
        assertThat(verify(bearer(tokens), email, code).status()).isEqualTo(200);
        assertError(verify(bearer(tokens), email, code), 400, "invalid_grant");
        assertThat(realm.resource().users().get(sub(other)).toRepresentation().getEmail()).isNull();
    }

    @Test
    void aNewCodeReplacesTheOneBefore() {
        JsonNode tokens = login(TestRealm.IDP_ALIAS);
        String email = address("dan");
        String first = codeMail(bearer(tokens), email).code();
        String second = codeMail(bearer(tokens), email).code();
        assumeTrue(!first.equals(second), "two codes in a million are the same");

        assertError(verify(bearer(tokens), email, first), 400, "invalid_grant");
        assertThat(verify(bearer(tokens), email, second).status()).isEqualTo(200);
    }

    @Test
    void anExpiredCodeIsRefused() throws InterruptedException {
        JsonNode tokens = login(TestRealm.IDP_ALIAS);
        String email = address("erin");
        String code = codeMail(bearer(tokens), email).code();

        Thread.sleep((TestEnvironment.EMAIL_CODE_LIFESPAN + 2) * 1000L);

        assertError(verify(bearer(tokens), email, code), 400, "invalid_grant");
        assertThat(realm.resource().users().get(sub(tokens)).toRepresentation().getEmail()).isNull();
    }

    @Test
    void fiveCodesAnHourPerUser() {
        JsonNode tokens = login(TestRealm.IDP_ALIAS);
        long window = System.currentTimeMillis() / 3_600_000;
        for (int i = 0; i < 5; i++) {
            Http.Answer sent = send(bearer(tokens), address("frank" + i));
            assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        }
        String sixth = address("frank5");

        Http.Answer refused = send(bearer(tokens), sixth);

        assumeTrue(window == System.currentTimeMillis() / 3_600_000, "the hour's window turned during the test");
        assertError(refused, 429, "temporarily_unavailable");
        assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(mailbox.to(sixth)).as("no mail for a refused request").isEmpty();
    }

    @Test
    void fiveCodesAnHourPerAddressWhoeverAsks() {
        String email = address("grace");
        long window = System.currentTimeMillis() / 3_600_000;
        for (int i = 0; i < 5; i++) {
            Http.Answer sent = send(bearer(login(TestRealm.IDP_ALIAS)), email);
            assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        }
        JsonNode sixth = login(TestRealm.IDP_ALIAS);

        Http.Answer refused = send(bearer(sixth), email.toUpperCase());

        assumeTrue(window == System.currentTimeMillis() / 3_600_000, "the hour's window turned during the test");
        assertError(refused, 429, "temporarily_unavailable");
        assertThat(send(bearer(sixth), address("grace-other")).status()).as("the user's own count was not used up").isEqualTo(200);
    }

    @Test
    void anAddressVerifiedOnAnotherAccountIsAConflictUnderReject() {
        String email = address("henry");
        String owner = TestUsers.create(realm.resource(), withEmail("henry-" + System.nanoTime(), email, true));
        String unverified = address("ivy");
        TestUsers.create(realm.resource(), withEmail("ivy-" + System.nanoTime(), unverified, false));
        JsonNode tokens = login(TestRealm.IDP_ALIAS);

        Http.Answer taken = verify(bearer(tokens), email, codeMail(bearer(tokens), email).code());
        Http.Answer takenUnverified = verify(bearer(tokens), unverified, codeMail(bearer(tokens), unverified).code());

        assertError(taken, 409, "conflict");
        assertError(takenUnverified, 409, "conflict");
        assertThat(taken.body()).doesNotContain(owner).doesNotContain("henry-");
        UserRepresentation user = realm.resource().users().get(sub(tokens)).toRepresentation();
        assertThat(user.getEmail()).isNull();
        assertThat(user.isEmailVerified()).isFalse();
        assertThat(realm.resource().users().get(owner).getFederatedIdentity()).isEmpty();
        assertThat(kinds(tokens)).doesNotContain("email");
    }

    @Test
    void underLinkTheWeChatIdentityMovesToTheAccountWithTheVerifiedAddress() {
        String email = address("judy");
        String owner = TestUsers.create(realm.resource(), withEmail("judy-" + System.nanoTime(), email, true));
        JsonNode tokens = login(LINK_IDP);
        String wechatUser = sub(tokens);
        int users = realm.userCount();

        Http.Answer linked = verify(bearer(tokens), email, codeMail(bearer(tokens), email).code());

        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        assertThat(linked.json().get("linked").asBoolean()).isTrue();
        assertThat(linked.body()).doesNotContain(owner);
        assertThat(realm.resource().users().get(owner).getFederatedIdentity()).extracting(link -> link.getIdentityProvider())
                .containsExactly(LINK_IDP);
        assertThat(realm.userCount()).as("the account the WeChat login had made is gone").isEqualTo(users - 1);
        assertError(oauth.refresh(TestRealm.PUBLIC_CLIENT, tokens.get("refresh_token").asText()), 400, "invalid_grant");
        assertThat(realm.events("FEDERATED_IDENTITY_LINK", owner, 5)).hasSize(1);
        assertThat(realm.events("UPDATE_EMAIL", wechatUser, 5)).singleElement()
                .satisfies(event -> assertThat(event.getDetails()).containsEntry("linked_user", owner));
        Http.Answer record = realm.admin().get(realm.path("/wechat/authorizations?kind=email&user=" + owner));
        assertThat(record.json()).hasSize(1);
    }

    /** A password, a second factor or an administrator's role is not bypassed by reading one mail. */
    @Test
    void underLinkAnAccountWithACredentialOrAnAdministratorsRoleIsNeverLinked() {
        String withPassword = address("ken");
        String passwordOwner = TestUsers.create(realm.resource(), withEmail("ken-" + System.nanoTime(), withPassword, true));
        realm.resource().users().get(passwordOwner).resetPassword(TestUsers.password("Ken-Passw0rd-1"));
        String administrator = address("lee");
        String adminOwner = TestUsers.create(realm.resource(), withEmail("lee-" + System.nanoTime(), administrator, true));
        String realmManagement = realm.resource().clients().findByClientId("realm-management").get(0).getId();
        realm.resource().users().get(adminOwner).roles().clientLevel(realmManagement)
                .add(List.of(realm.resource().clients().get(realmManagement).roles().get("view-users").toRepresentation()));
        JsonNode tokens = login(LINK_IDP);

        Http.Answer carol = verify(bearer(tokens), withPassword, codeMail(bearer(tokens), withPassword).code());
        Http.Answer dave = verify(bearer(tokens), administrator, codeMail(bearer(tokens), administrator).code());

        assertError(carol, 409, "conflict");
        assertError(dave, 409, "conflict");
        assertThat(realm.resource().users().get(passwordOwner).getFederatedIdentity()).isEmpty();
        assertThat(realm.resource().users().get(adminOwner).getFederatedIdentity()).isEmpty();
        assertThat(realm.resource().users().get(sub(tokens)).getFederatedIdentity()).as("the caller keeps its identity").hasSize(1);
        assertThat(realm.events("UPDATE_EMAIL_ERROR", sub(tokens), 10))
                .extracting(event -> event.getDetails().get("email_link_refused"))
                .contains("account_has_credentials", "account_administers_realm");
    }

    /**
     * The link deletes the caller's own account, so it is refused when that account holds more than
     * the WeChat login gave it: a child's birthdate (an adult's account would shed the guardian
     * policy), a group or a role a lesser admin gave.
     */
    @Test
    void underLinkACallerWhoseAccountHoldsMoreThanWeChatGaveIsNeverDeleted() {
        JsonNode child = login(LINK_IDP);
        new GuardianSetup(realm).birthdate(sub(child), "2016-06-01");
        assertThat(realm.resource().users().get(sub(child)).toRepresentation().firstAttribute("birthdate")).isEqualTo("2016-06-01");
        JsonNode member = login(LINK_IDP);
        GroupRepresentation group = new GroupRepresentation();
        group.setName("staff-" + System.nanoTime());
        realm.resource().groups().add(group).close();
        String groupId = realm.resource().groups().groups(group.getName(), 0, 1).get(0).getId();
        realm.resource().users().get(sub(member)).joinGroup(groupId);
        JsonNode roleHolder = login(LINK_IDP);
        RoleRepresentation role = new RoleRepresentation("editor-" + System.nanoTime(), null, false);
        realm.resource().roles().create(role);
        realm.resource().users().get(sub(roleHolder)).roles().realmLevel()
                .add(List.of(realm.resource().roles().get(role.getName()).toRepresentation()));
        int users = realm.userCount();

        for (JsonNode caller : List.of(child, member, roleHolder)) {
            String email = address("olga");
            String owner = TestUsers.create(realm.resource(), withEmail("olga-" + System.nanoTime(), email, true));

            assertError(verify(bearer(caller), email, codeMail(bearer(caller), email).code()), 409, "conflict");

            assertThat(realm.resource().users().get(owner).getFederatedIdentity()).isEmpty();
            assertThat(realm.resource().users().get(sub(caller)).getFederatedIdentity()).as("the caller keeps its identity").hasSize(1);
            assertThat(realm.events("UPDATE_EMAIL_ERROR", sub(caller), 5))
                    .extracting(event -> event.getDetails().get("email_link_refused")).containsExactly("caller_account_in_use");
        }
        assertThat(realm.userCount()).as("no account deleted, three made").isEqualTo(users + 3);
    }

    @Test
    void theCallsNeedABearerAndAnAddress() {
        JsonNode tokens = login(TestRealm.IDP_ALIAS);

        assertThat(send(null, address("mallory")).status()).isEqualTo(401);
        assertThat(Http.postJson(oauth.wechat("email/verify"), Map.of("email", address("m"), "code", "123456"), null).status())
                .isEqualTo(401);
        assertError(send(bearer(tokens), null), 400, "invalid_request");
        assertError(send(bearer(tokens), "not-an-address"), 400, "invalid_request");
        assertError(send(bearer(tokens), 42), 400, "invalid_request");
        assertError(send(bearer(tokens), "a@b@example.com"), 400, "invalid_request");
        assertError(verify(bearer(tokens), address("m"), "12ab56"), 400, "invalid_request");
        assertError(Http.postJson(oauth.wechat("email/verify"), Map.of("email", address("m")), bearer(tokens)), 400, "invalid_request");
    }

    private List<String> kinds(JsonNode tokens) {
        List<String> kinds = new ArrayList<>();
        Http.get(oauth.wechat("me/authorizations"), bearer(tokens)).json().forEach(record -> kinds.add(record.get("kind").asText()));
        return kinds;
    }

    private static UserRepresentation withEmail(String username, String email, boolean verified) {
        UserRepresentation user = TestUsers.named(username);
        user.setEmail(email);
        user.setEmailVerified(verified);
        user.setFirstName("Over");
        user.setLastName("Seas");
        return user;
    }

}
