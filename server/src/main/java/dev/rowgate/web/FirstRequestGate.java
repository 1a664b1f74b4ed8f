package dev.rowgate.web;

import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Lets requests into Javalin one at a time until one has been through it, then all at once. Javalin builds its
 * per-request configuration (JavalinServletContextConfig, with the JSON mapper) during the first request, in Kotlin
 * lazies of mode NONE, which are not safe when several first requests arrive together: one thread finds the other's
 * initializer already cleared and throws a NullPointerException, and the client gets a 500. A node restarted under
 * load meets exactly that: the connections that waited for it arrive at once (CrashIT saw it on PostgreSQL).
 * Jetty runs the servlet on the calling thread, so the first request has built the configuration when
 * {@code super.handle} returns. After that, one volatile read per request.
 */
final class FirstRequestGate extends Handler.Wrapper {

    private final ReentrantLock first = new ReentrantLock();
    private volatile boolean open;

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (open) return super.handle(request, response, callback);
        first.lock();
        try {
            boolean handled = super.handle(request, response, callback);
            open = true;
            return handled;
        } finally {
            first.unlock();
        }
    }
}
