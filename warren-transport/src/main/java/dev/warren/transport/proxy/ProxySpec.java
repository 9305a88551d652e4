package dev.warren.transport.proxy;

import dev.warren.common.net.HostPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A proxy to dial the relay through. {@link #toString()} and {@link #redacted()} never show the password.
 *
 * @param kind HTTP CONNECT or SOCKS5
 * @param address the proxy's host and port
 * @param username null for none
 * @param password null for none (then username is null too)
 */
public record ProxySpec(Kind kind, HostPort address, String username, String password) {
    public enum Kind {
        HTTP(3128),
        SOCKS5(1080);

        private final int defaultPort;

        Kind(int defaultPort) {
            this.defaultPort = defaultPort;
        }
    }

    public ProxySpec {
        if (kind == null || address == null) {
            throw new IllegalArgumentException("proxy: kind and address are required");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("proxy: a user name needs a password and a password a user name");
        }
        if (username != null && (username.isEmpty() || username.indexOf(':') >= 0)) {
            throw new IllegalArgumentException("proxy: user name is empty or has a ':'");
        }
    }

    /**
     * Parses {@code http://[user:pass@]host[:port]}, {@code socks5://[user:pass@]host[:port]} ({@code socks5h} is the
     * same: the proxy always resolves the relay's name). User and password may be percent-encoded.
     */
    public static ProxySpec parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("proxy: empty (expected: http://host:port or socks5://host:port)");
        }
        String text = url.trim();
        if (!text.contains("://")) {
            text = "http://" + text; // curl and most tools take host:port as an HTTP proxy
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("proxy: '" + redact(url) + "' is not a URL (expected:"
                    + " http://[user:password@]host:port or socks5://[user:password@]host:port)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        Kind kind = switch (scheme) {
            case "http" -> Kind.HTTP;
            case "socks5", "socks5h", "socks" -> Kind.SOCKS5;
            case "https" -> throw new IllegalArgumentException("proxy: '" + redact(url)
                    + "': TLS to the proxy is not supported (expected: http:// or socks5://; the relay connection"
                    + " inside is TLS anyway)");
            default -> throw new IllegalArgumentException("proxy: scheme '" + scheme + "' in '" + redact(url)
                    + "' (expected: http or socks5)");
        };
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("proxy: no host in '" + redact(url) + "'");
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("proxy: '" + redact(url) + "' has a path or query (expected: host:port)");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        HostPort address = new HostPort(host, uri.getPort() < 0 ? kind.defaultPort : uri.getPort());
        String user = null;
        String pass = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("proxy: user without password in '" + redact(url)
                        + "' (expected: user:password@, or --proxy-credentials FILE)");
            }
            user = URLDecoder.decode(info.substring(0, colon).replace("+", "%2B"), StandardCharsets.UTF_8);
            pass = URLDecoder.decode(info.substring(colon + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        return new ProxySpec(kind, address, user, pass);
    }

    /** The same proxy with these credentials (from a file) instead of the URL's. */
    public ProxySpec withCredentials(ProxyCredentials credentials) {
        return new ProxySpec(kind, address, credentials.username(), credentials.password());
    }

    public boolean hasCredentials() {
        return username != null;
    }

    /** The URL as it may be shown: {@code http://user:***@host:port}. */
    public String redacted() {
        String scheme = kind == Kind.HTTP ? "http" : "socks5";
        String auth = username == null ? "" : username + ":***@";
        String host = address.host().indexOf(':') >= 0 ? "[" + address.host() + "]" : address.host();
        return scheme + "://" + auth + host + ":" + address.port();
    }

    @Override
    public String toString() {
        return redacted();
    }

    /** Hides the password of a proxy URL someone typed, for error messages about it. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        // up to the last '@': a password someone typed unencoded may hold '/', '@' or ':'
        return url.replaceAll("(://[^:/@]*):.*@", "$1:***@");
    }
}
