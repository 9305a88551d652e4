package dev.warren.agent;

import dev.warren.protocol.session.MuxSession;
import dev.warren.transport.StreamListener;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's service forwarders: one {@link StreamListener} per {@link Forward}, on the agent's event loop, opening
 * streams over the agent's own session to the relay. While the agent is not connected, a local connection is closed at
 * once (the log says why); the relay decides each open (a device-to-device grant) and a refusal closes it too.
 */
final class Forwarders implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Forwarders.class);

    private final List<StreamListener> listeners = new ArrayList<>();

    /**
     * Binds every forward's address; fails (and binds none) if one cannot be bound.
     *
     * @param sessions the agent's session now, or a failed future that says why there is none
     */
    Forwarders(EventLoopGroup group, List<Forward> forwards, Supplier<Future<MuxSession>> sessions) {
        try {
            for (Forward f : forwards) {
                StreamListener listener = StreamListener.start(group, f.listen(), sessions, f.device(), f.service(),
                        (code, reason) -> { }); // the listener logs each refusal with its reason
                listeners.add(listener);
                log.info("forwarding {}:{} to {}/{} through the relay", f.listen().host(), listener.port(), f.device(),
                        f.service());
            }
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding forwarders", e);
        } catch (Exception e) { // Netty rethrows a failed bind's BindException unchecked
            Forward failed = forwards.get(listeners.size());
            close();
            throw new IllegalArgumentException("forward " + failed + ": cannot listen on " + failed.listen() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The ports bound, in the order of the forwards (the chosen ones for port 0). */
    List<Integer> ports() {
        return listeners.stream().map(StreamListener::port).toList();
    }

    @Override
    public void close() {
        listeners.forEach(StreamListener::close);
        listeners.clear();
    }
}
