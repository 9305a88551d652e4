package dev.warren.gateway.internal;

import io.netty.handler.codec.http.HttpResponseStatus;

/** What {@link ConnectRequestDecoder} makes of a request head: a request, or why it cannot be read as one. */
public sealed interface RequestHead {
    /** A well-formed head: its method, target and Proxy-Authorization value (null if absent); other headers are dropped. */
    record Request(String method, String target, String proxyAuthorization) implements RequestHead {
        @Override
        public String toString() {
            return "Request[" + method + " " + target + (proxyAuthorization == null ? "" : ", credentials ****") + "]";
        }
    }

    /** A head that cannot be read: the status to answer ({@code 400}, {@code 431}) and the reason to log. */
    record Unreadable(HttpResponseStatus status, String reason) implements RequestHead {}
}
