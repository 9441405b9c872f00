<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("wechatEmailCodeIntro", realmName)}</p>
<p style="font-size: 28px; font-weight: bold; letter-spacing: 6px;">${code}</p>
<p>${msg("wechatEmailCodeExpiry", expirationMinutes)}</p>
<p>${msg("wechatEmailCodeIgnore")}</p>
</@layout.emailLayout>
