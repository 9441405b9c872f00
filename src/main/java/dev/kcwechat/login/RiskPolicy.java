package dev.kcwechat.login;

import dev.kcwechat.common.ConfigChoice;
import dev.kcwechat.common.ConfigNumbers;

/**
 * Whether and how a login asks WeChat's risk rank ({@code /wxa/getuserriskrank}), from the
 * provider's {@code riskCheck}, {@code riskRankLimit}, {@code riskAction} and {@code riskFailure}.
 *
 * @param rankLimit a rank at or above it is risky (0–4)
 */
public record RiskPolicy(Check check, int rankLimit, Action action, Failure failure) {

    public static final int MAX_RANK = 4;
    public static final int DEFAULT_RANK_LIMIT = 3;

    /** When to ask (config key {@code riskCheck}). */
    public enum Check {
        OFF("off"), REGISTER("register"), ALWAYS("always");

        private final String configValue;

        Check(String configValue) {
            this.configValue = configValue;
        }

        public String configValue() {
            return configValue;
        }
    }

    /** What a risky login gets (config key {@code riskAction}). */
    public enum Action {
        /** Refused with 403 {@code access_denied}. */
        DENY("deny"),
        /** Allowed only when the same request proves a phone number with {@code phone_code}. */
        PHONE("phone");

        private final String configValue;

        Action(String configValue) {
            this.configValue = configValue;
        }

        public String configValue() {
            return configValue;
        }
    }

    /** What a login gets when WeChat gives no rank (config key {@code riskFailure}). */
    public enum Failure {
        ALLOW("allow"), DENY("deny");

        private final String configValue;

        Failure(String configValue) {
            this.configValue = configValue;
        }

        public String configValue() {
            return configValue;
        }
    }

    /** Whether a login asks for the rank; {@code firstLogin}: no user is linked to this WeChat identity yet. */
    public boolean applies(boolean firstLogin) {
        return check == Check.ALWAYS || (check == Check.REGISTER && firstLogin);
    }

    public boolean isRisky(int rank) {
        return rank >= rankLimit;
    }

    /** WeChat's scene: 0 for a registration, 1 otherwise. */
    public static int scene(boolean firstLogin) {
        return firstLogin ? 0 : 1;
    }

    public static RiskPolicy fromConfig(String check, String rankLimit, String action, String failure) {
        return new RiskPolicy(
                ConfigChoice.parse("riskCheck", check, Check.values(), Check::configValue, Check.OFF),
                ConfigNumbers.parse("riskRankLimit", rankLimit, 0, MAX_RANK, DEFAULT_RANK_LIMIT),
                ConfigChoice.parse("riskAction", action, Action.values(), Action::configValue, Action.DENY),
                ConfigChoice.parse("riskFailure", failure, Failure.values(), Failure::configValue, Failure.ALLOW));
    }
}
