package dev.kcwechat.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Sends each HTTP request to the endpoint of its path. Before that, for every path alike: counts
 * the call, runs the path's arrival hook, waits the scripted latency and answers a scripted
 * failNext error (in that order). A {@link WeChatError} thrown by an endpoint becomes WeChat's
 * JSON error (200), anything else a 500 with errcode -1, an unknown path a 404 with 40066.
 */
final class Router {

    /** One endpoint: answers a request, or throws a {@link WeChatError}. */
    @FunctionalInterface
    interface Endpoint {
        Reply answer(Request request);
    }

    private final Simulation simulation;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, Endpoint> prefixEndpoints = new ConcurrentHashMap<>();
    private final Map<String, Consumer<Request>> arrivalHooks = new ConcurrentHashMap<>();

    Router(Simulation simulation) {
        this.simulation = simulation;
    }

    Router route(String path, Endpoint endpoint) {
        endpoints.put(path, endpoint);
        return this;
    }

    /** Every path under {@code prefix} (e.g. "/sim/") that has no route of its own. */
    Router routeUnder(String prefix, Endpoint endpoint) {
        prefixEndpoints.put(prefix, endpoint);
        return this;
    }

    /** Runs on every call to the path, before latency and failures (e.g. to record request bodies). */
    Router onArrival(String path, Consumer<Request> hook) {
        arrivalHooks.put(path, hook);
        return this;
    }

    void handle(HttpExchange exchange) throws IOException {
        try {
            send(exchange, answer(Request.of(exchange)));
        } finally {
            exchange.close();
        }
    }

    private Reply answer(Request request) {
        simulation.count(request.path());
        Consumer<Request> hook = arrivalHooks.get(request.path());
        if (hook != null) {
            hook.accept(request);
        }
        try {
            simulation.applyFaults(request.path());
            return endpointFor(request.path()).answer(request);
        } catch (WeChatError e) {
            return simulation.error(HttpURLConnection.HTTP_OK, e);
        } catch (RuntimeException e) {
            e.printStackTrace();
            return simulation.error(HttpURLConnection.HTTP_INTERNAL_ERROR, new WeChatError(WeChatError.SYSTEM_BUSY));
        }
    }

    private Endpoint endpointFor(String path) {
        Endpoint endpoint = endpoints.get(path);
        if (endpoint != null) {
            return endpoint;
        }
        return prefixEndpoints.entrySet().stream()
                .filter(entry -> path.startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(request -> simulation.notFound());
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        if (reply.location() != null) {
            exchange.getResponseHeaders().set("Location", reply.location());
        }
        byte[] body = reply.body();
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
