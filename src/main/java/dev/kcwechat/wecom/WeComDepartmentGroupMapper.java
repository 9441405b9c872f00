package dev.kcwechat.wecom;

import dev.kcwechat.common.ExtensionVersion;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.AbstractIdentityProviderMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.GroupModel;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Identity-provider mapper "WeCom department → group": a member of that WeCom department (as
 * WeCom's directory says at the login) is in that Keycloak group; with sync mode {@code force} a
 * member who moved out of it leaves the group at the next login.
 */
public final class WeComDepartmentGroupMapper extends AbstractIdentityProviderMapper implements ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "wecom-department-group-idp-mapper";
    public static final String DEPARTMENT = "department";
    public static final String GROUP = "group";

    private static final Logger LOG = Logger.getLogger(WeComDepartmentGroupMapper.class);
    private static final String[] COMPATIBLE_PROVIDERS = {WeComMiniProgramIdentityProviderFactory.PROVIDER_ID};
    private static final Set<IdentityProviderSyncMode> SYNC_MODES = EnumSet.allOf(IdentityProviderSyncMode.class);

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String[] getCompatibleProviders() {
        return COMPATIBLE_PROVIDERS;
    }

    @Override
    public String getDisplayCategory() {
        return "Group Importer";
    }

    @Override
    public String getDisplayType() {
        return "WeCom department to group";
    }

    @Override
    public String getHelpText() {
        return "Puts members of a WeCom department (its id in the WeCom admin console) in a Keycloak group. With sync mode"
                + " 'force', a member who left the department leaves the group at the next login.";
    }

    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return SYNC_MODES.contains(syncMode);
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(DEPARTMENT)
                .label("wecomDepartmentGroupMapper.department.label").helpText("wecomDepartmentGroupMapper.department.help")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(GROUP)
                .label("wecomDepartmentGroupMapper.group.label").helpText("wecomDepartmentGroupMapper.group.help")
                .type(ProviderConfigProperty.GROUP_TYPE).add()
                .build();
    }

    @Override
    public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                              BrokeredIdentityContext context) {
        apply(session, realm, user, mapperModel, context, false);
    }

    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                                   BrokeredIdentityContext context) {
        apply(session, realm, user, mapperModel, context, true);
    }

    private static void apply(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel,
                              BrokeredIdentityContext context,
                              boolean leave) {
        GroupModel group = KeycloakModelUtils.findGroupByPath(session, realm, mapperModel.getConfig().get(GROUP));
        if (group == null) {
            LOG.warnf("WeCom department mapper %s names a group that does not exist: %s", mapperModel.getName(),
                    mapperModel.getConfig().get(GROUP));
            return;
        }
        boolean member = inDepartment(context, mapperModel.getConfig().get(DEPARTMENT));
        if (member && !user.isMemberOf(group)) {
            user.joinGroup(group);
        } else if (!member && leave && user.isMemberOf(group)) {
            user.leaveGroup(group);
        }
    }

    private static boolean inDepartment(BrokeredIdentityContext context, String department) {
        Object departments = context.getContextData().get(WeComMiniProgramIdentityProvider.DEPARTMENTS);
        if (!(departments instanceof List<?> ids) || department == null) {
            return false;
        }
        return ids.stream().anyMatch(id -> String.valueOf(id).equals(department.trim()));
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("version", ExtensionVersion.get());
    }
}
