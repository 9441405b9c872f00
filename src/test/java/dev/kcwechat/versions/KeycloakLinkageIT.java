package dev.kcwechat.versions;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.kcwechat.testing.KeycloakDistribution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JAR on the Keycloak this run uses ({@code -Dkeycloak.version}), without starting it:
 * every class of the JAR loads, passes the JVM's verifier and initializes against that
 * distribution's own jars, and every method, constructor and field of a library it uses (Keycloak's
 * above all) exists there with the signature it was compiled against; except in the code of what
 * that Keycloak lacks, which the extension never runs there ({@code KeycloakFeatures}). A call of
 * an API that only a newer Keycloak has fails here in seconds, instead of at the first login that
 * reaches it (26.5 answered 500 with a {@code NoClassDefFoundError} of {@code ClientModelContext}).
 */
class KeycloakLinkageIT {

    private static final String TOKEN_BUILDER = "org.keycloak.protocol.oidc.TokenManager$AccessTokenResponseBuilder";

    @Test
    void everyClassLinksExceptThoseOfWhatThisKeycloakLacks() throws Exception {
        Path home = KeycloakDistribution.home();
        Path jar = Path.of(System.getProperty("provider.jar"));
        try (URLClassLoader keycloak = new URLClassLoader(urls(jar, home.resolve("lib")), ClassLoader.getPlatformClassLoader())) {
            Map<String, String> failed = new TreeMap<>();
            for (String name : classes(jar)) {
                try {
                    Class.forName(name, true, keycloak);
                } catch (LinkageError e) {
                    failed.put(name, e.toString());
                }
            }

            assertThat(failed.keySet()).as("classes that do not link on Keycloak %s: %s", KeycloakDistribution.version().text(), failed)
                    .isEqualTo(neverLoadedWithout(keycloak));
            Class<?> features = keycloak.loadClass("dev.kcwechat.common.KeycloakFeatures");
            assertThat(features.getField("BROWSER_LOGINS").getBoolean(null))
                    .isEqualTo(present(keycloak, "org.keycloak.broker.provider.UserAuthenticationIdentityProvider"));
            assertThat(features.getField("TOKEN_BUILDER_CLIENT_SESSION").getBoolean(null))
                    .isEqualTo(hasMethod(keycloak, TOKEN_BUILDER, "getClientSessionCtx"));
        }
    }

    @Test
    void everyCallIntoALibraryResolvesOnThisKeycloakExceptInCodeOfWhatItLacks() throws Exception {
        Path jar = Path.of(System.getProperty("provider.jar"));
        List<String> unresolved = new ArrayList<>();
        try (URLClassLoader keycloak = new URLClassLoader(urls(jar, KeycloakDistribution.home().resolve("lib")),
                ClassLoader.getPlatformClassLoader()); JarFile file = new JarFile(jar.toFile())) {
            Set<String> neverLoaded = neverLoadedWithout(keycloak);
            boolean browserLogins = present(keycloak, "org.keycloak.broker.provider.UserAuthenticationIdentityProvider");
            boolean builderClientSession = hasMethod(keycloak, TOKEN_BUILDER, "getClientSessionCtx");
            for (JavaClass type : new ClassFileImporter().importJar(file)) {
                for (JavaAccess<?> access : type.getAccessesFromSelf()) {
                    JavaCodeUnit origin = access.getOrigin();
                    if (neverLoaded.contains(origin.getOwner().getName()) || !browserLogins && isBrowserCallback(origin)) {
                        continue;
                    }
                    if (!builderClientSession && isBuilderClientSessionBehindItsCheck(origin, access.getTarget())) {
                        continue;
                    }
                    libraryTarget(access.getTarget()).filter(target -> !resolves(keycloak, target))
                            .ifPresent(target -> unresolved.add(access.getDescription()));
                }
            }
        }

        assertThat(unresolved).as("calls the Keycloak %s distribution cannot resolve", KeycloakDistribution.version().text()).isEmpty();
    }

    /** The broker callback of the browser providers, and what it creates: Keycloak 26.4 never calls it. */
    private static boolean isBrowserCallback(JavaCodeUnit origin) {
        String owner = origin.getOwner().getName();
        return owner.equals("dev.kcwechat.browser.BrowserCallback")
                || origin.getName().equals("callback") && (owner.equals("dev.kcwechat.wechatweb.WeChatWebIdentityProvider")
                        || owner.equals("dev.kcwechat.wecom.WeComWebIdentityProvider"));
    }

    /** The guardian executor's refresh reads the builder's client session (26.7) only where KeycloakFeatures finds it. */
    private static boolean isBuilderClientSessionBehindItsCheck(JavaCodeUnit origin, AccessTarget target) {
        return origin.getOwner().getName().equals("dev.kcwechat.minors.GuardianPolicyExecutor") && origin.getName().equals("refreshed")
                && target.getOwner().getName().equals(TOKEN_BUILDER) && target.getName().equals("getClientSessionCtx");
    }

    /**
     * The access's target where a library declares it (the extension's own members are the first
     * test's; an inherited one is its library's), none for the JDK's.
     */
    private static Optional<AccessTarget> libraryTarget(AccessTarget target) {
        String owner = target.getOwner().getName();
        if (owner.startsWith("dev.kcwechat.")) {
            Optional<? extends JavaMember> member = target.resolveMember();
            if (member.isEmpty() || member.get().getOwner().getName().startsWith("dev.kcwechat.")) {
                return Optional.empty();
            }
            owner = member.get().getOwner().getName();
        }
        boolean jdk = owner.startsWith("[") || owner.startsWith("java.") || owner.startsWith("javax.") || owner.startsWith("jdk.")
                || owner.startsWith("sun.") || owner.startsWith("org.w3c.") || owner.startsWith("org.xml.");
        return jdk ? Optional.empty() : Optional.of(target);
    }

    /** Whether the distribution has the target's member, with the types it was compiled with, in its owner or a supertype. */
    private static boolean resolves(ClassLoader keycloak, AccessTarget target) {
        // the class the call names, as the JVM resolves it; for a member the extension inherits, the library class declaring it
        String ownerName = target.getOwner().getName();
        if (ownerName.startsWith("dev.kcwechat.")) {
            ownerName = target.resolveMember().map(m -> m.getOwner().getName()).orElse(ownerName);
        }
        Class<?> owner;
        try {
            owner = Class.forName(ownerName, false, keycloak);
            if (target instanceof AccessTarget.FieldAccessTarget field) {
                return supertypes(owner).stream().flatMap(t -> Arrays.stream(t.getDeclaredFields())).anyMatch(f ->
                        f.getName().equals(field.getName()) && f.getType().getName().equals(field.getRawType().getName()));
            }
            AccessTarget.CodeUnitAccessTarget code = (AccessTarget.CodeUnitAccessTarget) target;
            List<String> parameters = code.getRawParameterTypes().stream().map(JavaClass::getName).toList();
            if (code.getName().equals("<init>")) {
                return Arrays.stream(owner.getDeclaredConstructors()).anyMatch(c -> names(c.getParameterTypes()).equals(parameters));
            }
            return supertypes(owner).stream().flatMap(t -> Arrays.stream(t.getDeclaredMethods())).anyMatch(m ->
                    m.getName().equals(code.getName()) && names(m.getParameterTypes()).equals(parameters)
                            && m.getReturnType().getName().equals(code.getRawReturnType().getName()));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static List<String> names(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getName).toList();
    }

    /** The class, its superclasses and every interface above them. */
    private static Set<Class<?>> supertypes(Class<?> type) {
        Set<Class<?>> all = new HashSet<>();
        Deque<Class<?>> next = new ArrayDeque<>(List.of(type, Object.class));
        while (!next.isEmpty()) {
            Class<?> t = next.pop();
            if (all.add(t)) {
                if (t.getSuperclass() != null) {
                    next.add(t.getSuperclass());
                }
                next.addAll(List.of(t.getInterfaces()));
            }
        }
        return all;
    }

    /** The extension's classes of the features this Keycloak lacks. */
    private static Set<String> neverLoadedWithout(ClassLoader keycloak) {
        Set<String> expected = new TreeSet<>();
        if (!present(keycloak, "org.keycloak.services.clientpolicy.context.ClientModelContext")) {   // 26.6
            expected.add("dev.kcwechat.login.MiniProgramTokenRequestContext");
        }
        if (!present(keycloak, "org.keycloak.protocol.oidc.refresh.RefreshTokenProvider")) {   // 26.7
            expected.add("dev.kcwechat.minors.GuardianRefreshTokenProvider");
            expected.add("dev.kcwechat.minors.GuardianRefreshTokenProviderFactory");
        }
        return expected;
    }

    private static boolean hasMethod(ClassLoader keycloak, String type, String method) {
        try {
            Class.forName(type, false, keycloak).getMethod(method);
            return true;
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return false;
        }
    }

    private static boolean present(ClassLoader keycloak, String name) {
        try {
            Class.forName(name, false, keycloak);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static List<String> classes(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName)
                    .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
        }
    }

    /** The extension's JAR first, then every JAR of the distribution's {@code lib}. */
    private static URL[] urls(Path jar, Path lib) throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(url(jar));
        try (Stream<Path> files = Files.walk(lib)) {
            files.filter(file -> file.toString().endsWith(".jar")).sorted().forEach(file -> urls.add(url(file)));
        }
        return urls.toArray(URL[]::new);
    }

    private static URL url(Path file) {
        try {
            return file.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
