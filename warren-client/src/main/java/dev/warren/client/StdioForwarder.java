package dev.warren.client;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.session.MuxSession;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.StreamHandler;
import dev.warren.protocol.session.StreamRefusedException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code warren connect DEVICE SERVICE --stdio}: standard input and output joined to one stream, as OpenSSH's
 * {@code ProxyCommand} wants. Two plain threads do the blocking I/O; at most 1 MiB read from stdin is in flight, and
 * bytes for stdout wait in a queue that the stream's flow control bounds (credit returns only once written).
 */
public final class StdioForwarder {
    private static final Logger log = LoggerFactory.getLogger(StdioForwarder.class);
    private static final int CHUNK = 64 * 1024;
    private static final int IN_FLIGHT = 1 << 20;
    private static final ByteBuf END = Unpooled.EMPTY_BUFFER;

    /** How the forwarding ended. */
    public record Outcome(ErrorCode code, String reason) {
        public boolean clean() {
            return code == ErrorCode.NO_ERROR;
        }
    }

    private final InputStream in;
    private final OutputStream out;
    private final LinkedBlockingQueue<ByteBuf> toStdout = new LinkedBlockingQueue<>();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final CompletableFuture<Void> stdoutDone = new CompletableFuture<>();

    public StdioForwarder(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /**
     * Opens the stream and pumps until it ends. Completes with the outcome; fails with
     * {@link StreamRefusedException} when the open is refused.
     */
    public CompletableFuture<Outcome> run(MuxSession session, String device, String service) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        session.eventLoop().execute(() -> {
            Handler handler = new Handler();
            MuxStream stream;
            try {
                stream = session.openNow(device, service, java.util.Map.of(), handler);
            } catch (StreamRefusedException e) {
                result.completeExceptionally(e);
                return;
            }
            // stdin is read from now on, not from the answer: its first bytes ride behind the OPEN (early data, as
            // --listen's), so a service that waits to be spoken to is reached without waiting for the answer, which
            // the agent may hold a few ms for the service's first bytes (ServiceConnector.ANSWER_HOLD)
            Thread.ofPlatform().daemon().name("stdin").start(() -> pumpStdin(stream));
            Thread.ofPlatform().daemon().name("stdout").start(() -> pumpStdout(stream));
            stream.openFuture().addListener(f -> {
                if (!f.isSuccess()) {
                    result.completeExceptionally(f.cause());
                    return;
                }
                // done when the stream ended and every byte for stdout was written
                outcome.thenCombine(stdoutDone, (o, ignored) -> o).whenComplete((o, e) -> result.complete(o));
            });
        });
        return result;
    }

    private void pumpStdin(MuxStream stream) {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        byte[] buffer = new byte[CHUNK];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (n == 0) {
                    continue;
                }
                inFlight.acquire(n);
                int bytes = n;
                stream.write(Unpooled.copiedBuffer(buffer, 0, n)).addListener(f -> inFlight.release(bytes));
            }
            log.debug("stdin: end of input");
            stream.closeWrite();
        } catch (IOException e) {
            log.debug("stdin: {}", e.toString());
            stream.reset(ErrorCode.CANCELLED, "operator's stdin failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pumpStdout(MuxStream stream) {
        try {
            for (ByteBuf b; (b = toStdout.take()) != END; ) {
                int n = b.readableBytes();
                try {
                    b.readBytes(out, n);
                    out.flush();
                } finally {
                    b.release();
                }
                stream.consumed(n);
            }
            out.close(); // EOF for the reader of our stdout (ssh)
        } catch (IOException e) {
            log.debug("stdout: {}", e.toString());
            stream.reset(ErrorCode.CANCELLED, "operator's stdout closed");
            drain();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stdoutDone.complete(null);
        }
    }

    private void drain() {
        for (ByteBuf b; (b = toStdout.poll()) != null; ) {
            b.release();
        }
    }

    private final class Handler implements StreamHandler {
        @Override
        public void onData(MuxStream stream, ByteBuf data) {
            toStdout.add(data);
        }

        @Override
        public void onRemoteClose(MuxStream stream) {
            toStdout.add(END);
        }

        @Override
        public void onClosed(MuxStream stream, ErrorCode code, String reason) {
            log.debug("stream ended: {}: {}", code, reason);
            if (code != ErrorCode.NO_ERROR) {
                toStdout.add(END);
            }
            outcome.complete(new Outcome(code, reason));
        }
    }
}
