package dev.kcwechat.simulator;

/**
 * Who signs in through a corp's WeCom pages: a member (a userid of the corp's contact book, or
 * one it no longer has) or someone who is not a member, whom WeCom knows only by an openid (and
 * an external_userid when they are a customer of the corp). Exactly one of userid and openid is set.
 */
record WeComUser(String userid, String openid, String externalUserid) {

    WeComUser {
        if ((userid == null) == (openid == null)) {
            throw new IllegalArgumentException("a WeCom user is a member (userid) or not (openid), not both");
        }
    }

    static WeComUser member(String userid) {
        return new WeComUser(userid, null, null);
    }

    /** Not a member; externalUserid null when they are no customer of the corp. */
    static WeComUser nonMember(String openid, String externalUserid) {
        return new WeComUser(null, openid, externalUserid);
    }

    /** A name typed on a page: that member if the corp has one of that userid, else a non-member with a stable openid. */
    static WeComUser typed(WeComDirectory directory, String corpId, String name) {
        return directory.member(corpId, name).isPresent() ? member(name)
                : nonMember(Ids.stableOpenid(corpId, name), null);
    }

    boolean isMember() {
        return userid != null;
    }
}
