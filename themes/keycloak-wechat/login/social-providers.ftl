<#--
  The identity providers under Keycloak's login form (login.ftl and login-username.ftl call
  show with social = Keycloak's bean; each provider has alias, displayName, providerId, loginUrl,
  iconClasses and guiOrder).

  WeChat's browser logins become one "Sign in with WeChat": every wechat-website and
  wechat-official-account provider is a link labelled wechatSignIn whose data-wechat attribute is
  its provider id, and js/wechat-login.js keeps the one that works where the page is open (the
  official account inside WeChat's own browser, the website's QR code elsewhere). Without
  JavaScript all of them stay. Every other provider is a link labelled with its display name.
  Links keep Keycloak's ids (social-<alias>) and data-once-link, so the parent's click guard applies.
-->
<#assign wechatProviderIds = ["wechat-website", "wechat-official-account"]>

<#macro show social>
    <#local websites = social.providers?filter(p -> p.providerId == "wechat-website")?size>
    <#local officialAccounts = social.providers?filter(p -> p.providerId == "wechat-official-account")?size>
    <#local others = social.providers?size - websites - officialAccounts>
    <#-- what a person sees once the script has chosen: the grid is for more than three buttons, as in Keycloak -->
    <#local grid = (others + [websites, officialAccounts]?max) gt 3>
    <div class="${properties.kcLoginMainFooterBand!}">
        <span class="${properties.kcLoginMainFooterBandItem!} ${properties.kcLoginMainFooterHelperText!}">${msg("identity-provider-login-label")}</span>
    </div>
    <div id="kc-social-providers" class="${properties.kcFormSocialAccountSectionClass!}">
        <ul class="${properties.kcFormSocialAccountListClass!}<#if grid> ${properties.kcFormSocialAccountListGridClass!}</#if>">
            <#list social.providers as provider>
                <li class="<#if grid>${properties.kcFormSocialAccountGridItem!}<#else>${properties.kcFormSocialAccountListItemClass!}</#if>">
                    <#if wechatProviderIds?seq_contains(provider.providerId)>
                        <@wechatLink provider/>
                    <#else>
                        <@providerLink provider/>
                    </#if>
                </li>
            </#list>
        </ul>
    </div>
</#macro>

<#macro wechatLink provider>
    <a id="social-${provider.alias}" href="${provider.loginUrl}" data-wechat="${provider.providerId}"
       class="${properties.kcFormSocialAccountListButtonClass!}" aria-label="${msg("wechatSignIn")}"
       data-once-link data-disabled-class="${properties.kcFormSocialAccountListButtonDisabledClass!}">
        <img class="wechat-logo" src="${url.resourcesPath}/img/wechat-logo.svg" alt="" width="20" height="20">
        <span class="${properties.kcFormSocialAccountNameClass!}">${msg("wechatSignIn")}</span>
    </a>
</#macro>

<#macro providerLink provider>
    <a id="social-${provider.alias}" href="${provider.loginUrl}"
       class="${properties.kcFormSocialAccountListButtonClass!}" aria-label="${provider.displayName!}"
       data-once-link data-disabled-class="${properties.kcFormSocialAccountListButtonDisabledClass!}">
        <#if provider.iconClasses?has_content>
            <i class="${provider.iconClasses}" aria-hidden="true"></i>
        <#else>
            <#-- a door with an arrow going in: any provider without an icon of its own -->
            <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="M13 3h6a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-6v-2h6V5h-6z"/>
                <path d="M3 11h9.6l-3.3-3.3 1.4-1.4L16.4 12l-5.7 5.7-1.4-1.4 3.3-3.3H3z"/>
            </svg>
        </#if>
        <span class="${properties.kcFormSocialAccountNameClass!}">${provider.displayName!}</span>
    </a>
</#macro>
