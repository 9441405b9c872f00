package dev.kcwechat.simulator;

import java.net.HttpURLConnection;
import java.util.Objects;

/**
 * The demo's stand-ins for what happens inside the WeChat app, off until
 * {@link WeChatSimulator#enableDemoEndpoints(String)} (a 404 with 40066 before).
 *
 * <p>Endpoints (plain-text answers; {@code &appid=} picks another registered app than the
 * default, 400 for an unknown one):
 * <ul>
 * <li>{@code GET /sim/wx.login?user=NAME[&nounionid=true][&errcode=N[&times=T]]}: a wx.login code
 *     for that named user. The same name always gets the same openid in an app
 *     ({@link Ids#stableOpenid}) and the same unionid in every app ({@link Ids#stableUnionid}), as
 *     under one Open Platform account; the browser pages of {@link BrowserOAuthApi} map a typed
 *     name the same way. {@code errcode} scripts the code's jscode2session answer as
 *     {@link CodeScript#errcode(int, int)} does: that WeChat error for the first {@code times}
 *     exchanges (default: every one), e.g. {@code errcode=-1&times=2}, WeChat busy twice (the code
 *     stays usable), for clients that must retry; 400 for a value that is not a number.</li>
 * <li>{@code GET /sim/phone?number=13800138000[&country=86]}: a getPhoneNumber code.</li>
 * <li>{@code GET /sim/wx.qy.login?user=USERID[&corpid=CORPID&agentid=AGENTID]}: a wx.qy.login code
 *     of the demo corp's app ({@link WeChatSimulator#DEMO_CORP_ID}, {@link WeChatSimulator#DEMO_AGENT_ID})
 *     or of the corp and app named, for that userid; 400 for an unknown corp or app.</li>
 * <li>{@code GET /sim/wecom/leave?user=USERID[&corpid=CORPID]}: the member leaves the demo corp
 *     (or the corp named), and WeCom sends {@code delete_user} to the corp's callback URL; the
 *     answer says what the callback URL answered (409 when the corp has none).</li>
 * </ul>
 *
 * <p>The demo's web apps ({@link WeChatSimulator#DEMO_WEBSITE_APP_ID},
 * {@link WeChatSimulator#DEMO_OA_APP_ID}, with their fixed secrets) are registered from the
 * start, like the demo mini-program, whether or not these endpoints are on. A name typed on their
 * pages signs in as that named user; without one, {@link WeChatSimulator#DEMO_BROWSER_USER}. So is
 * the demo corp, with its members ({@link WeChatSimulator#DEMO_WECOM_USER} active,
 * {@link WeChatSimulator#DEMO_WECOM_LEFT_USER} left, {@link WeChatSimulator#DEMO_WECOM_DISABLED_USER}
 * disabled); its pages sign in {@link WeChatSimulator#DEMO_WECOM_USER} unless another userid is typed.
 */
final class DemoApi {

    private final Simulation simulation;
    private final WeChatSimulator simulator;
    private volatile String defaultAppId;

    DemoApi(Simulation simulation, WeChatSimulator simulator) {
        this.simulation = simulation;
        this.simulator = simulator;
    }

    void addRoutes(Router router) {
        router.routeUnder("/sim/", this::answer);
    }

    void enable(String defaultAppId) {
        this.defaultAppId = Objects.requireNonNull(defaultAppId, "defaultAppId");
    }

    private Reply answer(Request request) {
        String demoAppId = defaultAppId;
        if (demoAppId == null) {
            return simulation.notFound();
        }
        String appId = Objects.requireNonNullElse(request.param("appid"), demoAppId);
        if (!simulation.isRegistered(appId)) {
            return Reply.text(HttpURLConnection.HTTP_BAD_REQUEST, "unknown appid " + appId);
        }
        return switch (request.path()) {
            case WeChatSimulator.DEMO_LOGIN -> login(request, appId);
            case WeChatSimulator.DEMO_PHONE -> phone(request, appId);
            case WeChatSimulator.DEMO_WECOM_LOGIN -> weComLogin(request);
            case WeChatSimulator.DEMO_WECOM_LEAVE -> weComLeave(request);
            default -> simulation.notFound();
        };
    }

    /** wx.login for a named user: the same user always gets the same openid and unionid. */
    private Reply login(Request request, String appId) {
        String user = request.param("user");
        if (Simulation.isBlank(user)) {
            return Reply.text(HttpURLConnection.HTTP_BAD_REQUEST, "missing user");
        }
        String unionid = "true".equalsIgnoreCase(request.param("nounionid")) ? null : Ids.stableUnionid(user);
        CodeScript code = simulator.code(appId).openid(Ids.stableOpenid(appId, user)).unionid(unionid);
        String errcode = request.param("errcode");
        if (errcode != null) {
            String times = request.param("times");
            try {
                code.errcode(Integer.parseInt(errcode), times == null ? Integer.MAX_VALUE : Integer.parseInt(times));
            } catch (NumberFormatException e) {
                return Reply.text(HttpURLConnection.HTTP_BAD_REQUEST, "errcode and times must be numbers");
            }
        }
        return Reply.text(HttpURLConnection.HTTP_OK, code.issue());
    }

    /** wx.qy.login for a userid of the demo corp's app, or of the corp and app named. */
    private Reply weComLogin(Request request) {
        String user = request.param("user");
        if (Simulation.isBlank(user)) {
            return Reply.text(HttpURLConnection.HTTP_BAD_REQUEST, "missing user");
        }
        String corpId = Objects.requireNonNullElse(request.param("corpid"), WeChatSimulator.DEMO_CORP_ID);
        String agentId = Objects.requireNonNullElse(request.param("agentid"), String.valueOf(WeChatSimulator.DEMO_AGENT_ID));
        try {
            return Reply.text(HttpURLConnection.HTTP_OK, simulator.newWeComCode(corpId, Integer.parseInt(agentId), user.strip()));
        } catch (IllegalArgumentException e) {
            return Reply.text(HttpURLConnection.HTTP_BAD_REQUEST, "unknown corpid or agentid " + corpId + " " + agentId);
        }
    }

    /** A member leaves the corp: WeCom's delete_user callback goes to the corp's callback URL at once. */
    private Reply weComLeave(Request request) {
        String user = request.param("user");
        if (Simulation.isBlank(user)) {
            return Reply.text(HttpURLConnection.HTTP_BAD_REQUEST, "missing user");
        }
        String corpId = Objects.requireNonNullElse(request.param("corpid"), WeChatSimulator.DEMO_CORP_ID);
        try {
            int status = simulator.weComMemberLeaves(corpId, user.strip());
            return Reply.text(HttpURLConnection.HTTP_OK, user.strip() + " left " + corpId + "; its callback URL answered HTTP " + status + "\n");
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Reply.text(HttpURLConnection.HTTP_CONFLICT, "no callback for " + corpId + ": " + e.getMessage() + "\n");
        }
    }

    /** The getPhoneNumber button; &country= (default 86) for numbers outside China. */
    private Reply phone(Request request, String appId) {
        String number = request.param("number");
        if (Simulation.isBlank(number)) {
            return Reply.text(HttpURLConnection.HTTP_BAD_REQUEST, "missing number");
        }
        String country = Objects.requireNonNullElse(request.param("country"), "86");
        String shown = "86".equals(country) ? number : "+" + country + " " + number;
        return Reply.text(HttpURLConnection.HTTP_OK, simulator.newPhoneCode(appId, shown, number, country));
    }
}
