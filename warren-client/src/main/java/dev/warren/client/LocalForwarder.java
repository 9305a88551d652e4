package dev.warren.client;

import dev.warren.common.net.HostPort;
import dev.warren.transport.StreamListener;
import java.util.function.Consumer;

/**
 * {@code warren connect DEVICE SERVICE --listen ADDR}: every connection to the local port becomes one stream to the
 * device's service, over the client's one session (a {@link StreamListener} on the client's event loop).
 */
public final class LocalForwarder implements AutoCloseable {
    private final StreamListener listener;

    private LocalForwarder(StreamListener listener) {
        this.listener = listener;
    }

    /**
     * Listens on {@code listen}; {@code refusals} hears of every refused stream (the CLI exits on permanent ones).
     */
    public static LocalForwarder start(OperatorClient client, HostPort listen, String device, String service,
            Consumer<Refusal> refusals) throws InterruptedException {
        return new LocalForwarder(StreamListener.start(client.group(), listen, client::session, device, service,
                (code, reason) -> refusals.accept(new Refusal(code, reason))));
    }

    public int port() {
        return listener.port();
    }

    @Override
    public void close() {
        listener.close();
    }
}
