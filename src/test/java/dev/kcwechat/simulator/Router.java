package dev.kcwechat.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Sends each HTTP request to the endpoint of its path. Before that, for every path alike: counts
 * the call, runs the path's arrival hook, waits the scripted latency and answers a scripted
 * failNext error (in that order). A {@link WeChatError} thrown by an endpoint becomes WeChat's
 * JSON error (200), anything else a 500 with errcode -1, an unknown path a 404 with 40066; a
 * path routed with its own {@link ErrorStyle} (WeCom's) writes those errors, failNext's included,
 * in that style. A path may also be shared by two families: a route taken only when its request
 * matches a predicate goes before the path's plain route.
 */
final class Router {

    /** One endpoint: answers a request, or throws a {@link WeChatError}. */
    @FunctionalInterface
    interface Endpoint {
        Reply answer(Request request);
    }

    /** How a family writes an error answer to a request: WeChat's JSON with a rid, or WeCom's with a hint. */
    @FunctionalInterface
    interface ErrorStyle {
        Reply error(Request request, int status, WeChatError error);
    }

    /** A route taken only for the requests its predicate accepts. */
    private record ConditionalRoute(Predicate<Request> when, Endpoint endpoint) {
    }

    private final Simulation simulation;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final Map<String, List<ConditionalRoute>> conditionalEndpoints = new ConcurrentHashMap<>();
    private final Map<String, ErrorStyle> errorStyles = new ConcurrentHashMap<>();
    private final Map<String, Endpoint> prefixEndpoints = new ConcurrentHashMap<>();
    private final Map<String, Consumer<Request>> arrivalHooks = new ConcurrentHashMap<>();

    Router(Simulation simulation) {
        this.simulation = simulation;
    }

    Router route(String path, Endpoint endpoint) {
        endpoints.put(path, endpoint);
        return this;
    }

    /** A path whose errors (scripted ones too) are written in {@code errors}' style rather than WeChat's. */
    Router route(String path, Endpoint endpoint, ErrorStyle errors) {
        errorStyles.put(path, errors);
        return route(path, endpoint);
    }

    /**
     * Requests to {@code path} that {@code when} accepts go to {@code endpoint} rather than to the
     * path's plain route (e.g. /connect/oauth2/authorize for a WeCom corp rather than a WeChat app).
     */
    Router routeWhen(String path, Predicate<Request> when, Endpoint endpoint) {
        conditionalEndpoints.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(new ConditionalRoute(when, endpoint));
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
        ErrorStyle errors = errorStyles.getOrDefault(request.path(), (ignored, status, error) -> simulation.error(status, error));
        try {
            simulation.applyFaults(request.path());
            return endpointFor(request).answer(request);
        } catch (WeChatError e) {
            return errors.error(request, HttpURLConnection.HTTP_OK, e);
        } catch (RuntimeException e) {
            e.printStackTrace();
            return errors.error(request, HttpURLConnection.HTTP_INTERNAL_ERROR, new WeChatError(WeChatError.SYSTEM_BUSY));
        }
    }

    private Endpoint endpointFor(Request request) {
        String path = request.path();
        for (ConditionalRoute route : conditionalEndpoints.getOrDefault(path, List.of())) {
            if (route.when().test(request)) {
                return route.endpoint();
            }
        }
        Endpoint endpoint = endpoints.get(path);
        if (endpoint != null) {
            return endpoint;
        }
        return prefixEndpoints.entrySet().stream()
                .filter(entry -> path.startsWith(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(unrouted -> simulation.notFound());
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        if (reply.location() != null) {
            exchange.getResponseHeaders().set("Location", reply.location());
        }
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        byte[] body = reply.body();
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
