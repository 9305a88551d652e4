package dev.warren.transport.proxy;

import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.handler.proxy.Socks5ProxyHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Netty's proxy handlers for a {@link ProxySpec}, and their failures in words. The HTTP handler sends
 * {@code Proxy-Authorization: Basic} with the CONNECT itself (no 407 round trip: proxies that close the connection
 * after a 407 never get the chance); SOCKS5 sends the relay's name for the proxy to resolve.
 */
public final class ProxyHandlers {
    private static final Pattern HTTP_STATUS = Pattern.compile("status: (\\d{3})\\s*(.*)$");
    private static final long CONNECT_TIMEOUT_MILLIS = 15_000;

    private ProxyHandlers() {}

    /** A handler that connects to {@code proxyAddress} and asks it for the channel's destination. */
    public static ProxyHandler handler(ProxySpec spec, InetSocketAddress proxyAddress) {
        ProxyHandler handler = switch (spec.kind()) {
            case HTTP -> spec.hasCredentials()
                    ? new HttpProxyHandler(proxyAddress, spec.username(), spec.password())
                    : new HttpProxyHandler(proxyAddress);
            case SOCKS5 -> spec.hasCredentials()
                    ? new Socks5ProxyHandler(proxyAddress, spec.username(), spec.password())
                    : new Socks5ProxyHandler(proxyAddress);
        };
        handler.setConnectTimeoutMillis(CONNECT_TIMEOUT_MILLIS);
        return handler;
    }

    /** Says why the proxy did not open the tunnel to {@code destination}. */
    public static String describe(ProxySpec spec, String destination, Throwable cause) {
        String proxy = (spec.kind() == ProxySpec.Kind.HTTP ? "proxy " : "SOCKS5 proxy ") + spec.address();
        String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        if (cause instanceof ProxyConnectException) {
            if (message.contains("timeout")) {
                return proxy + " did not open a tunnel to " + destination + " within "
                        + CONNECT_TIMEOUT_MILLIS / 1000 + " s";
            }
            Matcher status = HTTP_STATUS.matcher(message);
            if (spec.kind() == ProxySpec.Kind.HTTP && status.find()) {
                int code = Integer.parseInt(status.group(1));
                String reason = status.group(2).trim();
                return switch (code) {
                    case 407 -> spec.hasCredentials()
                            ? proxy + " refused credentials for user '" + spec.username() + "' (407)"
                            : proxy + " requires credentials (407): give user:password@ in --proxy or"
                                    + " --proxy-credentials FILE";
                    case 403 -> proxy + " refused the tunnel to " + destination + " (403 " + reason + ")";
                    default -> proxy + " refused the tunnel to " + destination + " (" + code + " " + reason + ")";
                };
            }
            if (message.contains("authStatus: FAILURE")) {
                return proxy + " refused credentials for user '" + spec.username() + "'";
            }
            if (message.contains("unexpected authMethod") || message.contains("authMethod: UNACCEPTED")) {
                return proxy + (spec.hasCredentials() ? " does not accept user/password authentication"
                        : " requires credentials: give user:password@ in --proxy or --proxy-credentials FILE");
            }
            Matcher socks = Pattern.compile("status: (\\S+)").matcher(message);
            if (socks.find()) {
                return proxy + " refused the tunnel to " + destination + " (" + socks.group(1) + ")";
            }
            return proxy + " failed: " + message;
        }
        return proxy + " closed the connection before the tunnel to " + destination + " was open"
                + (message.isEmpty() ? "" : " (" + message + ")");
    }
}
