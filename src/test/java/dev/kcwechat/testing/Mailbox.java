package dev.kcwechat.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server (GreenMail) on a free loopback port, which the test realms' and the demo's
 * SMTP settings point at: Keycloak sends real mail, and tests read what arrived.
 */
public final class Mailbox implements AutoCloseable {

    /** The sender every realm of the tests and the demo uses. */
    public static final String FROM = "keycloak@wechat.test";
    private static final Pattern CODE = Pattern.compile("(?<![0-9])[0-9]{6}(?![0-9])");

    private final GreenMail greenMail;
    private final int port;

    private Mailbox(GreenMail greenMail, int port) {
        this.greenMail = greenMail;
        this.port = port;
    }

    /** Starts GreenMail's SMTP server on that port of 127.0.0.1 (0: a free one). */
    public static Mailbox start(int port) {
        int smtpPort = port == 0 ? KeycloakServer.freePort() : port;
        GreenMail greenMail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return new Mailbox(greenMail, smtpPort);
    }

    public int port() {
        return port;
    }

    /** A realm's {@code smtpServer} for this server: plain SMTP on loopback, no login. */
    public Map<String, String> smtpServer() {
        return Map.of("host", "127.0.0.1", "port", String.valueOf(port), "from", FROM, "fromDisplayName", "Keycloak (tests)",
                "auth", "false", "ssl", "false", "starttls", "false");
    }

    /** A mail as it arrived: its recipients, subject, and its plain-text and HTML parts. */
    public record Mail(List<String> to, String subject, String text, String html) {

        /** The six-digit code in the plain-text part. */
        public String code() {
            Matcher matcher = CODE.matcher(text);
            if (!matcher.find()) {
                throw new AssertionError("No six-digit code in the mail's text: " + text);
            }
            return matcher.group();
        }
    }

    /** Every mail received so far to that address, oldest first. */
    public List<Mail> to(String address) {
        List<Mail> mails = new ArrayList<>();
        for (MimeMessage message : greenMail.getReceivedMessages()) {
            Mail mail = read(message);
            if (mail.to().contains(address.toLowerCase(Locale.ROOT))) {
                mails.add(mail);
            }
        }
        return mails;
    }

    /** Every mail received so far, oldest first. */
    public List<Mail> all() {
        return Arrays.stream(greenMail.getReceivedMessages()).map(Mailbox::read).toList();
    }

    /** The newest mail to that address once there are more than {@code before}, waiting up to {@code timeout}. */
    public Mail next(String address, int before, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Mail> mails = to(address);
            if (mails.size() > before) {
                return mails.get(mails.size() - 1);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No new mail to " + address + " within " + timeout);
            }
            greenMail.waitForIncomingEmail(200, greenMail.getReceivedMessages().length + 1);
        }
    }

    /** The newest mail to that address, if any. */
    public Optional<Mail> latest(String address) {
        List<Mail> mails = to(address);
        return mails.isEmpty() ? Optional.empty() : Optional.of(mails.get(mails.size() - 1));
    }

    private static Mail read(MimeMessage message) {
        try {
            List<String> to = new ArrayList<>();
            for (jakarta.mail.Address address : message.getRecipients(Message.RecipientType.TO)) {
                to.add(((InternetAddress) address).getAddress().toLowerCase(Locale.ROOT));
            }
            StringBuilder text = new StringBuilder();
            StringBuilder html = new StringBuilder();
            collect(message, text, html);
            return new Mail(to, message.getSubject(), text.toString(), html.toString());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("Could not read a received mail", e);
        }
    }

    private static void collect(Part part, StringBuilder text, StringBuilder html) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            text.append(part.getContent());
        } else if (part.isMimeType("text/html")) {
            html.append(part.getContent());
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                collect(body, text, html);
            }
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
