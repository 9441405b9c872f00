package dev.kcwechat.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Mail readable without a mail client, the demo's and the SDK tests': {@code GET /} lists what the
 * SMTP server (GreenMail) received, newest first, as plain text; {@code GET /code?to=ADDRESS}
 * answers only the six-digit code of the newest mail to that address, for a curl.
 */
public final class MailPage implements AutoCloseable {

    public static final int DEFAULT_PORT = 8025;

    private final HttpServer server;

    private MailPage(HttpServer server) {
        this.server = server;
    }

    public static MailPage start(String host, int port, Mailbox mailbox) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
            server.createContext("/code", exchange -> code(exchange, mailbox));
            server.createContext("/", exchange -> list(exchange, mailbox));
            server.start();
            return new MailPage(server);
        } catch (IOException e) {
            throw new UncheckedIOException("The demo's mail page could not listen on " + host + ":" + port, e);
        }
    }

    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    private static void list(HttpExchange exchange, Mailbox mailbox) throws IOException {
        List<Mailbox.Mail> mails = mailbox.all();
        StringBuilder page = new StringBuilder("Mail the SMTP server received (" + mails.size() + "), newest first\n\n");
        for (int i = mails.size() - 1; i >= 0; i--) {
            Mailbox.Mail mail = mails.get(i);
            page.append("To: ").append(String.join(", ", mail.to())).append('\n')
                    .append("Subject: ").append(mail.subject()).append("\n\n")
                    .append(mail.text().strip()).append("\n\n").append("-".repeat(72)).append("\n\n");
        }
        answer(exchange, 200, page.toString());
    }

    private static void code(HttpExchange exchange, Mailbox mailbox) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        String to = query == null ? null : Http.query("http://x/?" + query).get("to");
        if (to == null || to.isBlank()) {
            answer(exchange, 400, "Add ?to=ADDRESS\n");
            return;
        }
        var mail = mailbox.latest(to);
        if (mail.isEmpty()) {
            answer(exchange, 404, "No mail to " + to + " yet\n");
            return;
        }
        answer(exchange, 200, mail.get().code());
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
