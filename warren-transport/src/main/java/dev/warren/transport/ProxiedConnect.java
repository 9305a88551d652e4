package dev.warren.transport;

import dev.warren.common.net.HostPort;
import dev.warren.transport.proxy.ProxyHandlers;
import dev.warren.transport.proxy.ProxySpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.proxy.ProxyHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.function.Consumer;

/**
 * The first hop of a dial: straight to the destination, or to a proxy that is asked for the destination by name
 * (the proxy resolves it: the dialing host may have no DNS at all). Call off the event loop: names may resolve.
 */
public final class ProxiedConnect {
    /** The name of the proxy handler in the pipeline. */
    public static final String HANDLER = "proxy";

    private ProxiedConnect() {}

    /**
     * Connects {@code bootstrap} (whose initializer must call {@link #install}) to {@code destination}, through
     * {@code proxy} when not null.
     *
     * @throws UnknownHostException when the destination (direct) or the proxy cannot be resolved
     */
    public static ChannelFuture connect(Bootstrap bootstrap, HostPort destination, ProxySpec proxy)
            throws UnknownHostException {
        if (proxy == null) {
            InetSocketAddress address = destination.resolved();
            if (address.isUnresolved()) {
                throw new UnknownHostException("cannot resolve '" + destination.host() + "'");
            }
            return bootstrap.connect(address);
        }
        return bootstrap.resolver(NoopAddressResolverGroup.INSTANCE)
                .connect(InetSocketAddress.createUnresolved(destination.host(), destination.port()));
    }

    /** Adds the proxy handler first in the pipeline when there is a proxy. */
    public static void install(Channel ch, ProxySpec proxy, InetSocketAddress proxyAddress) {
        if (proxy != null) {
            ch.pipeline().addFirst(HANDLER, ProxyHandlers.handler(proxy, proxyAddress));
        }
    }

    /** Resolves the proxy's own address (the dialing host must be able to reach it). */
    public static InetSocketAddress resolveProxy(ProxySpec proxy) throws UnknownHostException {
        InetSocketAddress address = proxy.address().resolved();
        if (address.isUnresolved()) {
            throw new UnknownHostException("cannot resolve proxy host '" + proxy.address().host() + "'");
        }
        return address;
    }

    /**
     * When the proxy is why the channel failed (its tunnel was not open), hands its reason in words to {@code onFailure}
     * and returns true; else returns false. Netty fails the writes waiting for the tunnel (TLS's first flight) before
     * it completes the proxy's own future, so the reason may come a moment later than the first symptom.
     */
    public static boolean proxyFailure(Channel ch, ProxySpec proxy, HostPort destination, Throwable seen,
            Consumer<String> onFailure) {
        if (proxy == null) {
            return false;
        }
        ProxyHandler handler = (ProxyHandler) ch.pipeline().get(HANDLER);
        if (handler == null) {
            return false;
        }
        var future = handler.connectFuture();
        if (future.isDone() && future.isSuccess()) {
            return false; // the tunnel was open: the failure is beyond the proxy
        }
        future.addListener(f -> onFailure.accept(ProxyHandlers.describe(proxy, destination.toString(),
                f.isSuccess() ? seen : f.cause())));
        return true;
    }
}
