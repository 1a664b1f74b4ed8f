package dev.rowgate.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself, before a request reaches Javalin (a URI or headers too long, an unparsable
 * request line): JSON in the OAuth error shape instead of Jetty's HTML page, and never a stack trace.
 */
final class JettyErrors extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        // Only requests Jetty refused itself get here (URI or headers too long ...); it will not read on after them.
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        response.write(true, ByteBuffer.wrap(body(code).getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        // After a request it cannot parse, Jetty closes the connection; say so, or a client would reuse it.
        fields.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        return ByteBuffer.wrap(body(status).getBytes(StandardCharsets.UTF_8));
    }

    static String body(int status) {
        if (status >= 500) return "{\"error\":\"server_error\",\"error_description\":\"The server met an unexpected condition.\"}";
        return "{\"error\":\"invalid_request\",\"error_description\":\"The HTTP request is malformed or too large (HTTP " + status + ").\"}";
    }
}
