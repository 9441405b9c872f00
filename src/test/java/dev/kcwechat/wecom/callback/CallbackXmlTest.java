package dev.kcwechat.wecom.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.kcwechat.wecom.callback.WeComCallbackException.Reason;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The XML of WeCom's callbacks: the envelope, the contact changes, and documents that must be refused. */
class CallbackXmlTest {

    private static final String CORP_ID = "ww1a2b3c4d5e6f7a8b";

    // ---- envelope ----

    @Test
    void readsTheEnvelopeOfAPost() throws Exception {
        CallbackXml.Envelope envelope = CallbackXml.envelope("<xml><ToUserName><![CDATA[" + CORP_ID + "]]></ToUserName>"
                + "<AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[RypEvHKD8QQ+/==]]></Encrypt></xml>");

        assertThat(envelope).isEqualTo(new CallbackXml.Envelope(CORP_ID, "1000002", "RypEvHKD8QQ+/=="));
    }

    @Test
    void anEnvelopeMayLackItsAgentIdAndBePlainTextAndIndented() throws Exception {
        CallbackXml.Envelope envelope = CallbackXml.envelope("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xml>\n"
                + "  <ToUserName> " + CORP_ID + " </ToUserName>\n  <Encrypt>\n    abc==\n  </Encrypt>\n</xml>\n");

        assertThat(envelope).isEqualTo(new CallbackXml.Envelope(CORP_ID, null, "abc=="));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<xml><ToUserName>x</ToUserName></xml>", "<xml><Encrypt><![CDATA[ ]]></Encrypt></xml>",
        "<xml><Encrypt/></xml>", "<xml><Inner><Encrypt>abc</Encrypt></Inner></xml>"})
    void anEnvelopeWithoutEncryptIsRefused(String xml) {
        assertBadMessage(() -> CallbackXml.envelope(xml));
    }

    // ---- contact changes ----

    @Test
    void readsADeletedMember() throws Exception {
        CallbackXml.ContactChange change = CallbackXml.contactChange("<xml><ToUserName><![CDATA[" + CORP_ID + "]]></ToUserName>"
                + "<FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event>"
                + "<ChangeType>delete_user</ChangeType><UserID><![CDATA[zhangsan]]></UserID></xml>");

        assertThat(change).isEqualTo(new CallbackXml.ContactChange(CORP_ID, "event", "change_contact", "delete_user",
                "zhangsan", null, null));
    }

    @Test
    void readsAnUpdateWithStatusAndNewUserId() throws Exception {
        CallbackXml.ContactChange change = CallbackXml.contactChange("<xml><ToUserName><![CDATA[" + CORP_ID + "]]></ToUserName>"
                + "<FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1403610513</CreateTime>"
                + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event>"
                + "<ChangeType><![CDATA[update_user]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID>"
                + "<NewUserID><![CDATA[zhangsan2]]></NewUserID><Name><![CDATA[张三]]></Name>"
                + "<Status> 2 </Status><Department><![CDATA[1,2,3]]></Department></xml>");

        assertThat(change).isEqualTo(new CallbackXml.ContactChange(CORP_ID, "event", "change_contact", "update_user",
                "zhangsan", "zhangsan2", 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<Status>active</Status>", "<Status></Status>", "<Status>99999999999</Status>", ""})
    void aStatusThatIsNoNumberOrAbsentIsNull(String status) throws Exception {
        CallbackXml.ContactChange change = CallbackXml.contactChange("<xml><ChangeType>update_user</ChangeType>"
                + "<UserID>lisi</UserID>" + status + "</xml>");

        assertThat(change.status()).isNull();
        assertThat(change.userId()).isEqualTo("lisi");
    }

    @Test
    void aFieldNamedTwiceIsRefused() {
        assertBadMessage(() -> CallbackXml.contactChange(
                "<xml><ChangeType>update_user</ChangeType><UserID>lisi</UserID><UserID>zhangsan</UserID></xml>"));
    }

    // ---- refused documents ----

    @Test
    void anExternalEntityIsRefusedWithoutReadingTheFile(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<xml><ToUserName>&xxe;</ToUserName><Encrypt>abc</Encrypt><UserID>&xxe;</UserID></xml>";

        assertBadMessage(() -> CallbackXml.envelope(xml))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TOP-SECRET"));
        assertBadMessage(() -> CallbackXml.contactChange(xml));
    }

    @Test
    void noExternalDtdOrEntityIsFetched() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            fetches.incrementAndGet();
            byte[] body = "<!ENTITY leak \"leaked\">".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertBadMessage(() -> CallbackXml.envelope("<!DOCTYPE xml SYSTEM \"" + base + "/evil.dtd\">"
                    + "<xml><Encrypt>&leak;</Encrypt></xml>"));
            assertBadMessage(() -> CallbackXml.envelope("<!DOCTYPE xml [<!ENTITY % p SYSTEM \"" + base + "/p.dtd\"> %p;]>"
                    + "<xml><Encrypt>abc</Encrypt></xml>"));
            CallbackXml.Envelope included = CallbackXml.envelope("<xml xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
                    + "<Encrypt>abc</Encrypt><xi:include href=\"" + base + "/x.xml\" parse=\"text\"/></xml>");
            assertThat(included.encrypt()).as("an XInclude is just an unknown element").isEqualTo("abc");
        } finally {
            server.stop(0);
        }
        assertThat(fetches).hasValue(0);
    }

    @Test
    void aBillionLaughsIsRefused() {
        StringBuilder doctype = new StringBuilder("<!DOCTYPE xml [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            doctype.append("<!ENTITY lol").append(i).append(" \"")
                    .append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        doctype.append("]>");

        assertBadMessage(() -> CallbackXml.envelope(doctype + "<xml><Encrypt>&lol9;</Encrypt></xml>"));
    }

    @Test
    void anyDoctypeIsRefused() {
        assertBadMessage(() -> CallbackXml.envelope("<!DOCTYPE xml><xml><Encrypt>abc</Encrypt></xml>"));
        assertBadMessage(() -> CallbackXml.contactChange("<!DOCTYPE xml [<!ELEMENT xml ANY>]><xml><UserID>a</UserID></xml>"));
    }

    @Test
    void aDocumentOver64KibIsRefused() throws Exception {
        String head = "<xml><Encrypt>";
        String tail = "</Encrypt></xml>";
        String fits = head + "A".repeat(64 * 1024 - head.length() - tail.length()) + tail;

        assertThat(CallbackXml.envelope(fits).encrypt()).hasSize(64 * 1024 - head.length() - tail.length());
        assertBadMessage(() -> CallbackXml.envelope(head + "A".repeat(64 * 1024) + tail));
        assertBadMessage(() -> CallbackXml.envelope(head + "张".repeat(22 * 1024) + tail)).as("counted in UTF-8 bytes");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "not xml", "<xml><Encrypt>abc</Encrypt>", "<root><Encrypt>abc</Encrypt></root>",
        "<xml><Encrypt>abc</Encrypt></xml><xml/>"})
    void whatIsNotWeComsXmlIsABadMessage(String xml) {
        assertBadMessage(() -> CallbackXml.envelope(xml));
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertBadMessage(ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(WeComCallbackException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_MESSAGE));
    }
}
