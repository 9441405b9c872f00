package dev.kcwechat.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.keycloak.Config;

/**
 * The hosts a provider's WeChat or WeCom URLs may point at: WeChat's and WeCom's official hosts,
 * loopback (a local simulator or proxy), and what the server's administrator adds with the SPI
 * option {@value #OPTION} of the provider (e.g.
 * {@code --spi-identity-provider--wechat-mini-program--api-hosts=wx-proxy.corp.example}). A realm
 * administrator who may edit a provider cannot point it, and its AppSecret, at a host of their own.
 */
public final class ApiHosts {

    /** The SPI option of each provider. */
    public static final String OPTION = "apiHosts";
    public static final Set<String> OFFICIAL = Set.of("api.weixin.qq.com", "open.weixin.qq.com", "qyapi.weixin.qq.com",
            "open.work.weixin.qq.com", "login.work.weixin.qq.com");

    private ApiHosts() {
    }

    /** The official hosts and those the provider's SPI option adds (comma-separated). */
    public static Set<String> of(Config.Scope config) {
        String[] extra = config == null ? null : config.getArray(OPTION);
        return Stream.concat(OFFICIAL.stream(), extra == null ? Stream.empty() : Arrays.stream(extra))
                .map(host -> host.trim().toLowerCase(Locale.ROOT)).filter(host -> !host.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
