package dev.kcwechat.simulator;

import static dev.kcwechat.simulator.SimulatorClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WeCom's directory for reconciliation in the simulator: user/list_id, and members deleted or renamed. */
class WeComDirectoryTest {

    private static final String CORP_ID = "ww1a2b3c4d5e6f7a8b";
    private static final int AGENT_ID = 1000005;
    private static final String SECRET = "s3cr3t-of-the-app-1000005-0123456789abcdef";
    private static final String OTHER_CORP_ID = "ww9f8e7d6c5b4a3f2e";
    private static final String OTHER_CORP_SECRET = "s3cr3t-of-the-other-corp-0123456789abcdefg";

    private WeChatSimulator wechat;
    private SimulatorClient http;

    @BeforeEach
    void startSimulator() {
        wechat = WeChatSimulator.start(0)
                .registerCorp(CORP_ID, AGENT_ID, SECRET)
                .registerCorp(OTHER_CORP_ID, AGENT_ID, OTHER_CORP_SECRET)
                .weComMember(CORP_ID, "zhangsan", "张三", List.of(1, 2), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null)
                .weComMember(CORP_ID, "lisi", "李四", List.of(2), WeChatSimulator.WECOM_STATUS_LEFT, null, null)
                .weComMember(CORP_ID, "wangwu", "王五", List.of(3), WeChatSimulator.WECOM_STATUS_DISABLED, null, null)
                .weComMember(CORP_ID, "zhaoliu", "赵六", List.of(), WeChatSimulator.WECOM_STATUS_NOT_ACTIVATED, null, null)
                .weComMember(OTHER_CORP_ID, "outsider", "外人", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        http = new SimulatorClient(wechat);
    }

    @AfterEach
    void stopSimulator() {
        wechat.close();
    }

    // ---- /cgi-bin/user/list_id ----

    @Test
    void listIdAnswersEveryMemberOfEveryStatusOneRowPerDepartmentAsWeComDoes() {
        HttpResponse<String> response = listId(token(), "{\"cursor\":\"\",\"limit\":10000}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
        assertThat(response.headers().firstValue("Error-Code")).hasValue("0");
        JsonNode body = json(response);
        assertThat(body.path("errcode").asInt()).isZero();
        assertThat(body.path("errmsg").asText()).isEqualTo("ok");
        assertThat(body.path("next_cursor").asText()).as("the last page").isEmpty();
        assertThat(rows(body)).containsExactly("lisi/2", "wangwu/3", "zhangsan/1", "zhangsan/2", "zhaoliu/1");
        assertThat(body.path("dept_user").get(0).path("department").isInt()).isTrue();
        assertThat(body.path("dept_user").get(0).size()).isEqualTo(2);
    }

    @Test
    void limitAndCursorPageThroughEveryRowOnce() {
        String token = token();
        List<String> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            JsonNode page = json(listId(token, "{\"cursor\":\"" + cursor + "\",\"limit\":2}"));
            assertThat(page.path("errcode").asInt()).isZero();
            assertThat(page.path("dept_user").size()).isLessThanOrEqualTo(2);
            seen.addAll(rows(page));
            cursor = page.path("next_cursor").asText();
            pages++;
        } while (!cursor.isEmpty());

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("lisi/2", "wangwu/3", "zhangsan/1", "zhangsan/2", "zhaoliu/1");
        assertThat(wechat.calls(WeChatSimulator.WECOM_USER_LIST_ID)).isEqualTo(3);
    }

    @Test
    void aCursorStaysValidWhenMembersComeAndGo() {
        String token = token();
        JsonNode first = json(listId(token, "{\"limit\":2}"));
        assertThat(rows(first)).containsExactly("lisi/2", "wangwu/3");

        wechat.weComRemoveMember(CORP_ID, "wangwu")
                .weComMember(CORP_ID, "aaron", "Aaron", List.of(1), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null)
                .weComMember(CORP_ID, "xiaoming", "小明", List.of(4), WeChatSimulator.WECOM_STATUS_ACTIVE, null, null);
        JsonNode rest = json(listId(token, "{\"cursor\":\"" + first.path("next_cursor").asText() + "\"}"));

        assertThat(rows(rest)).containsExactly("xiaoming/4", "zhangsan/1", "zhangsan/2", "zhaoliu/1");
    }

    @Test
    void listIdWithoutABodyUsesTheDefaults() {
        assertThat(rows(json(listId(token(), "{}")))).hasSize(5);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"limit\":0}", "{\"limit\":10001}", "{\"limit\":\"10\"}", "{\"limit\":2.5}",
        "{\"cursor\":5}", "{\"cursor\":\"not-a-cursor\"}", "{\"cursor\":\"YzEKeAp6aGFuZ3Nhbg\"}"})
    void aBadLimitOrCursorAnswers40058(String body) {
        JsonNode answer = json(listId(token(), body));

        assertThat(answer.path("errcode").asInt()).isEqualTo(40058);
        assertThat(answer.path("errmsg").asText()).startsWith("invalid Request Parameter, hint: [");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "\"cursor\""})
    void aBodyThatIsNoJsonObjectAnswers47001(String body) {
        assertThat(json(listId(token(), body)).path("errcode").asInt()).isEqualTo(47001);
    }

    @Test
    void listIdWantsAValidToken() {
        String token = token();

        assertThat(json(listId("", "{}")).path("errcode").asInt()).isEqualTo(41001);
        assertThat(json(listId("not-a-token", "{}")).path("errcode").asInt()).isEqualTo(40014);
        wechat.advanceClock(Duration.ofHours(2));
        assertThat(json(listId(token, "{}")).path("errcode").asInt()).isEqualTo(42001);
        assertThat(json(listId(token, "not json")).path("errcode").asInt()).as("the token is checked first").isEqualTo(42001);
    }

    @Test
    void eachCorpListsItsOwnMembers() {
        JsonNode other = json(listId(token(OTHER_CORP_ID, OTHER_CORP_SECRET), "{}"));

        assertThat(rows(other)).containsExactly("outsider/1");
    }

    @Test
    void failNextWorksOnListId() {
        wechat.failNext(WeChatSimulator.WECOM_USER_LIST_ID, 1, 45009);
        String token = token();

        assertThat(json(listId(token, "{}")).path("errcode").asInt()).isEqualTo(45009);
        assertThat(json(listId(token, "{}")).path("errcode").asInt()).isZero();
    }

    // ---- members deleted, disabled or renamed ----

    @Test
    void aRemovedMemberIsGoneFromUserGetAndListId() {
        wechat.weComRemoveMember(CORP_ID, "zhangsan");
        String token = token();

        assertThat(userGet(token, "zhangsan").path("errcode").asInt()).isEqualTo(60111);
        assertThat(rows(json(listId(token, "{}")))).containsExactly("lisi/2", "wangwu/3", "zhaoliu/1");
        assertThatThrownBy(() -> wechat.weComRemoveMember(CORP_ID, "zhangsan")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMemberTheAppMayNotSeeIsLeftOut() {
        wechat.weComVisible(CORP_ID, AGENT_ID, "zhangsan", false);

        assertThat(rows(json(listId(token(), "{}")))).containsExactly("lisi/2", "wangwu/3", "zhaoliu/1");
    }

    @Test
    void aSilentStatusChangeShowsInUserGet() {
        wechat.weComMemberStatus(CORP_ID, "zhangsan", WeChatSimulator.WECOM_STATUS_DISABLED);

        assertThat(userGet(token(), "zhangsan").path("status").asInt()).isEqualTo(2);
    }

    // ---- helpers ----

    private String token() {
        return token(CORP_ID, SECRET);
    }

    private String token(String corpId, String secret) {
        JsonNode answer = json(http.get(WeChatSimulator.WECOM_GETTOKEN, Map.of("corpid", corpId, "corpsecret", secret)));
        assertThat(answer.path("errcode").asInt()).as("gettoken: %s", answer).isZero();
        return answer.path("access_token").asText();
    }

    private HttpResponse<String> listId(String token, String body) {
        return http.postJson(WeChatSimulator.WECOM_USER_LIST_ID, Map.of("access_token", token), body);
    }

    private JsonNode userGet(String token, String userid) {
        return json(http.get(WeChatSimulator.WECOM_USER_GET, Map.of("access_token", token, "userid", userid)));
    }

    /** The rows of a page as "userid/department". */
    private static List<String> rows(JsonNode page) {
        List<String> rows = new ArrayList<>();
        page.path("dept_user").forEach(row -> rows.add(row.path("userid").asText() + "/" + row.path("department").asInt()));
        return rows;
    }
}
