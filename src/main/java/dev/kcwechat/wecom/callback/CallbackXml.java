package dev.kcwechat.wecom.callback;

import dev.kcwechat.wecom.callback.WeComCallbackException.Reason;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads the XML of WeCom's callbacks: the envelope a POST carries ({@code <xml><ToUserName>,
 * <AgentID>, <Encrypt>}) and the contact change inside it once decrypted. Values may be CDATA or
 * plain text and are trimmed.
 *
 * <p>The parser is locked down: a document with a DOCTYPE is refused, so no external entity, DTD
 * or XInclude is ever fetched and no entity is expanded (XXE, billion laughs); so is a document
 * over 64 KiB, one whose root is not {@code <xml>}, and one that names a field twice.
 */
public final class CallbackXml {

    /** WeCom's callbacks are a few hundred bytes; anything near this is not one of them. */
    static final int MAX_CHARS = 64 * 1024;

    /** Errors become exceptions without the parser printing them to stderr. */
    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    /** A POST's body: whom it is for, the app (absent for the contacts-sync app) and the ciphertext. */
    public record Envelope(String toUserName, String agentId, String encrypt) {
    }

    /**
     * A decrypted contact change (通讯录变更): ChangeType {@code create_user}, {@code update_user} or
     * {@code delete_user}; status (1 active, 2 disabled, 4 not activated, 5 left) and newUserId
     * only when an update says so, null otherwise.
     */
    public record ContactChange(String toUserName, String msgType, String event, String changeType, String userId,
                                String newUserId, Integer status) {
    }

    private CallbackXml() {
    }

    /** The envelope of a callback POST; its Encrypt is required. */
    public static Envelope envelope(String xml) throws WeComCallbackException {
        Map<String, String> fields = fields(xml);
        String encrypt = fields.get("Encrypt");
        if (encrypt == null) {
            throw bad("the callback has no Encrypt element");
        }
        return new Envelope(fields.get("ToUserName"), fields.get("AgentID"), encrypt);
    }

    /** The fields of a decrypted event message; those it lacks are null. */
    public static ContactChange contactChange(String xml) throws WeComCallbackException {
        Map<String, String> fields = fields(xml);
        return new ContactChange(fields.get("ToUserName"), fields.get("MsgType"), fields.get("Event"),
                fields.get("ChangeType"), fields.get("UserID"), fields.get("NewUserID"), number(fields.get("Status")));
    }

    // ---- parsing ----

    /** The root's child elements by name, trimmed text, blank ones left out. */
    private static Map<String, String> fields(String xml) throws WeComCallbackException {
        if (xml == null || xml.isBlank()) {
            throw bad("the callback has no body");
        }
        if (xml.length() > MAX_CHARS || xml.getBytes(StandardCharsets.UTF_8).length > MAX_CHARS) {
            throw bad("the callback is larger than 64 KiB");
        }
        Element root = parse(xml).getDocumentElement();
        if (!"xml".equals(root.getTagName())) {
            throw bad("the callback's root element is not <xml>");
        }
        Map<String, String> fields = new HashMap<>();
        NodeList children = root.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child.getNodeType() != Node.ELEMENT_NODE) {
                continue;
            }
            String name = child.getNodeName();
            if (fields.containsKey(name)) {
                throw bad("the callback names one of its fields twice");
            }
            fields.put(name, child.getTextContent().trim());
        }
        fields.values().removeIf(String::isEmpty);
        return fields;
    }

    private static Document parse(String xml) throws WeComCallbackException {
        try {
            DocumentBuilder builder = secureFactory().newDocumentBuilder();
            builder.setErrorHandler(SILENT);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not read");
            });
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            throw bad("the callback is not well-formed XML without a DOCTYPE");
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be made safe for WeCom's callbacks", e);
        }
    }

    private static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setNamespaceAware(false);
        factory.setValidating(false);
        return factory;
    }

    private static Integer number(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static WeComCallbackException bad(String message) {
        return new WeComCallbackException(Reason.BAD_MESSAGE, message);
    }
}
