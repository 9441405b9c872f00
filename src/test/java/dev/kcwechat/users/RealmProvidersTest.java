package dev.kcwechat.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RealmProvidersTest {

    private static final RealmProviders.Kept KEPT = new RealmProviders.Kept(Map.of("wechat", "wechat-mini-program",
            "wechat-web", "wechat-website", "github", "github", "wecom", "wecom"), 4);

    @Test
    void theAliasesOfAFamilyAreThoseOfItsProviderTypes() {
        assertEquals(Set.of("wechat", "wechat-web"), KEPT.aliasesOf(Set.of("wechat-mini-program", "wechat-website", "wechat-official-account")::contains));
        assertEquals(Set.of(), KEPT.aliasesOf(Set.of("wecom-mini-program")::contains));
    }

    @Test
    void aKeptListReadsBackAsItWasKept() {
        assertEquals(KEPT, RealmProviders.Kept.of(KEPT.notes()));
        assertEquals("github github\nwechat wechat-mini-program\nwechat-web wechat-website\nwecom wecom", KEPT.notes().get("providers"));
    }

    @Test
    void aRealmWithoutProvidersKeepsAnEmptyList() {
        RealmProviders.Kept none = new RealmProviders.Kept(Map.of(), 0);
        assertEquals(none, RealmProviders.Kept.of(none.notes()));
    }

    @Test
    void notesThatAreNoKeptListAreNone() {
        assertNull(RealmProviders.Kept.of(null));
        assertNull(RealmProviders.Kept.of(Map.of("providers", "wechat wechat-mini-program")));
        assertNull(RealmProviders.Kept.of(Map.of("providers", "wechat", "count", "1")));
    }
}
