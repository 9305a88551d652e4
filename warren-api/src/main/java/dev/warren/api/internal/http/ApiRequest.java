package dev.warren.api.internal.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * One request, copied off the event loop's buffers so that a handler on another thread can read it at leisure.
 *
 * @param path            the raw path, without the query
 * @param segments        the path's segments, percent-decoded
 * @param source          the client's host address (no port): what rate limits and audit events name
 * @param peerCertificate the TLS client certificate; {@code null} without TLS or without a client certificate
 * @param loopbackHttp    the request came to the dashboard's plain-HTTP loopback listener, not the relay's TLS port
 */
public record ApiRequest(HttpMethod method, String path, List<String> segments, Map<String, List<String>> query,
        HttpHeaders headers, byte[] body, String source, X509Certificate peerCertificate, boolean loopbackHttp) {

    public String header(CharSequence name) {
        return headers.get(name);
    }
}
