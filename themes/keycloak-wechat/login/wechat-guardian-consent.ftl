<#ftl output_format="HTML" auto_esc=true strip_whitespace=true>
<#--
  Guardian consent (PIPL art. 31): a guardian approves or declines a mini-program's request to
  process the data of a child under 14. Rendered by the extension with FreeMarker directly, not
  through Keycloak's login forms: a self-contained page, no layout macros, no JavaScript.

  Data model:
    msg(key, args...)  Keycloak's message function over this theme's messages
    locale             language tag for <html lang> (en, zh-CN)
    resourcesPath      URL prefix of this theme's resources
    realmName          the realm's display name
    view               form | done | error
    form:  clientName, scopes (list of {name, description}; description may be empty),
           birthdate (YYYY-MM-DD or ""), guardianName, actionUrl, csrf
    done:  decision (approve | decline)
    error: errorKey (a message key)
  A client name or scope description written as ${key} (as Keycloak's own) is shown localized.
-->
<#function label text>
    <#if text?starts_with(r"${") && text?ends_with("}") && text?length gt 3>
        <#return msg(text[2..<(text?length - 1)])>
    </#if>
    <#return text>
</#function>
<!DOCTYPE html>
<html lang="${locale}">
<head>
    <meta charset="UTF-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="robots" content="noindex, nofollow">
    <meta name="referrer" content="no-referrer">
    <title>${msg("wechatGuardianTitle")} · ${realmName}</title>
    <link rel="stylesheet" href="${resourcesPath}/css/wechat.css">
</head>
<body class="wechat-page">
<main class="wechat-card">
    <p class="wechat-realm">${realmName}</p>
    <h1 id="wechat-guardian-title">${msg("wechatGuardianTitle")}</h1>
<#if view == "form">
    <p id="client-name" class="wechat-client">${label(clientName)}</p>
    <p class="wechat-intro">${msg("wechatGuardianIntro", label(clientName))}</p>
    <p class="wechat-legal">${msg("wechatGuardianLegal")}</p>
    <h2 class="wechat-scopes-title">${msg("wechatGuardianScopes")}</h2>
    <ul id="scope-list" class="wechat-scopes">
    <#list scopes as scope>
        <li>
        <#if scope.description?has_content>
            <span class="wechat-scope-description">${label(scope.description)}</span>
            <span class="wechat-scope-name">${scope.name}</span>
        <#else>
            <span class="wechat-scope-description">${scope.name}</span>
        </#if>
        </li>
    </#list>
    </ul>
    <form class="wechat-form" method="post" action="${actionUrl}" enctype="application/x-www-form-urlencoded">
        <input type="hidden" name="csrf" value="${csrf}">
        <label class="wechat-label" for="birthdate">${msg("wechatGuardianBirthdate")}</label>
        <input class="wechat-input" type="date" name="birthdate" id="birthdate" value="${birthdate}" required aria-describedby="birthdate-help">
        <p id="birthdate-help" class="wechat-help">${msg("wechatGuardianBirthdateHelp")}</p>
        <p id="guardian-name" class="wechat-signed-in">${msg("wechatGuardianSignedInAs", guardianName)}</p>
        <div class="wechat-actions">
            <button class="wechat-button wechat-primary" type="submit" name="decision" value="approve" id="approve">${msg("wechatGuardianApprove")}</button>
            <#-- declining needs no birthdate: skip the browser's check of the required field -->
            <button class="wechat-button wechat-secondary" type="submit" name="decision" value="decline" id="decline" formnovalidate>${msg("wechatGuardianDecline")}</button>
        </div>
    </form>
<#elseif view == "done">
    <p id="decision-result" class="wechat-result" role="status"><#if decision == "approve">${msg("wechatGuardianApproved")}<#else>${msg("wechatGuardianDeclined")}</#if></p>
<#else>
    <p id="error-message" class="wechat-error" role="alert">${msg(errorKey!"wechatGuardianRequestInvalid")}</p>
</#if>
</main>
</body>
</html>
