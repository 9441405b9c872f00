<#ftl output_format="plainText">
${msg("wechatEmailCodeIntro", realmName)}

    ${code}

${msg("wechatEmailCodeExpiry", expirationMinutes)}
${msg("wechatEmailCodeIgnore")}
