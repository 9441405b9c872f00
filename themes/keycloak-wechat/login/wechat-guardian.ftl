<#ftl output_format="HTML" auto_esc=true strip_whitespace=true>
<#--
  The guardian's page: their children, each child's time today, limits and approved apps, with a
  revoke button per approval and a form for stricter limits. Rendered by the extension with
  FreeMarker directly, like wechat-guardian-consent.ftl: self-contained, no JavaScript.

  Data model:
    msg(key, args...), locale, resourcesPath, realmName   as on the consent page
    guardianName   the signed-in guardian
    actionUrl      where the forms post
    csrf           the forms' token
    notice         a message key after an action, or ""
    noticeError    true when the notice is an error
    children       list of {userId, username, ageBracket, minutesUsedToday, minutesLeftToday (may be null),
                   curfew (may be null), dailyMinutes (may be null),
                   consents: list of {id, clientId, decision, createdAt, revokedAt (may be null)}}
-->
<!DOCTYPE html>
<html lang="${locale}">
<head>
    <meta charset="UTF-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex, nofollow">
    <meta name="referrer" content="no-referrer">
    <title>${msg("wechatGuardianPageTitle")} · ${realmName}</title>
    <link rel="stylesheet" href="${resourcesPath}/css/wechat.css">
</head>
<body class="wechat-page">
<main class="wechat-card">
    <p class="wechat-realm">${realmName}</p>
    <h1 id="wechat-guardian-page-title">${msg("wechatGuardianPageTitle")}</h1>
    <p class="wechat-intro">${msg("wechatGuardianPageIntro")}</p>
    <p id="guardian-name" class="wechat-signed-in">${msg("wechatGuardianSignedInAs", guardianName)}</p>
<#if notice?has_content>
    <p id="notice" class="<#if noticeError>wechat-error<#else>wechat-result</#if>" role="status">${msg(notice)}</p>
</#if>
<#if children?size == 0>
    <p id="no-children" class="wechat-help">${msg("wechatGuardianNoChildren")}</p>
</#if>
<#list children as child>
    <section class="wechat-child" id="child-${child.userId}">
        <h2 class="wechat-child-name">${child.username}</h2>
        <ul class="wechat-facts">
            <li class="minutes-used">${msg("wechatGuardianMinutesUsed", child.minutesUsedToday?c)}</li>
            <#if child.minutesLeftToday??>
            <li class="minutes-left">${msg("wechatGuardianMinutesLeft", child.minutesLeftToday?c)}</li>
            <#else>
            <li class="minutes-left">${msg("wechatGuardianNoDailyLimit")}</li>
            </#if>
            <#if child.curfew??>
            <li class="curfew">${msg("wechatGuardianCurfewIs", child.curfew)}</li>
            <#else>
            <li class="curfew">${msg("wechatGuardianNoCurfew")}</li>
            </#if>
        </ul>
        <h3 class="wechat-scopes-title">${msg("wechatGuardianConsentsTitle")}</h3>
        <#if child.consents?size == 0>
        <p class="wechat-help">${msg("wechatGuardianNoConsents")}</p>
        </#if>
        <ul class="wechat-scopes">
        <#list child.consents as consent>
            <li class="consent" id="consent-${consent.id}">
                <span class="wechat-scope-description">${consent.clientId}</span>
                <#if consent.revokedAt??>
                <span class="wechat-scope-name">${msg("wechatGuardianConsentRevoked", consent.revokedAt[0..9])}</span>
                <#elseif consent.decision == "approve">
                <span class="wechat-scope-name">${msg("wechatGuardianConsentApproved", consent.createdAt[0..9])}</span>
                <form class="wechat-inline-form" method="post" action="${actionUrl}">
                    <input type="hidden" name="csrf" value="${csrf}">
                    <input type="hidden" name="consent" value="${consent.id}">
                    <button class="wechat-button wechat-secondary" type="submit" name="action" value="revoke">${msg("wechatGuardianRevoke")}</button>
                </form>
                <#else>
                <span class="wechat-scope-name">${msg("wechatGuardianConsentDeclined", consent.createdAt[0..9])}</span>
                </#if>
            </li>
        </#list>
        </ul>
        <h3 class="wechat-scopes-title">${msg("wechatGuardianLimitsTitle")}</h3>
        <form class="wechat-form limits" method="post" action="${actionUrl}">
            <input type="hidden" name="csrf" value="${csrf}">
            <input type="hidden" name="child" value="${child.userId}">
            <label class="wechat-label" for="curfew-${child.userId}">${msg("wechatGuardianLimitsCurfew")}</label>
            <input class="wechat-input" type="text" name="curfew" id="curfew-${child.userId}" value="${child.curfew!""}" pattern="[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}">
            <label class="wechat-label" for="minutes-${child.userId}">${msg("wechatGuardianLimitsMinutes")}</label>
            <input class="wechat-input" type="number" min="0" max="1440" name="dailyMinutes" id="minutes-${child.userId}" value="<#if child.dailyMinutes??>${child.dailyMinutes?c}</#if>">
            <div class="wechat-actions">
                <button class="wechat-button wechat-primary" type="submit" name="action" value="limits">${msg("wechatGuardianLimitsSave")}</button>
            </div>
        </form>
    </section>
</#list>
</main>
</body>
</html>
