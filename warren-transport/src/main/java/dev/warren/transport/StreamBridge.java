package dev.warren.transport;

import dev.warren.common.net.SocketTuning;
import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.session.MuxStream;
import dev.warren.protocol.session.StreamHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins a socket (the operator's local connection, or the agent's connection to its service) to one stream: the relay
 * idiom with backpressure both ways and a correct half-close.
 *
 * <ul>
 *   <li>socket to stream: auto-read is off; the socket is read again only while the stream can take more (credit and
 *       connection writability), else when the stream says {@code onWritable}.
 *   <li>stream to socket: each DATA is written to the socket and its credit is returned once the write completed, so a
 *       slow socket reader slows the remote writer and nothing piles up here. The socket is flushed once per turn of
 *       the event loop, after every DATA of that turn: one system call for a read's worth of frames, not one per frame.
 *   <li>EOF on the socket sends END_STREAM; END_STREAM from the peer shuts down the socket's output after the last
 *       write; the socket closes when both halves are done. The second half to end closes the socket instead of
 *       shutting down that half first: END_STREAM after the socket's EOF closes it after the last write (FIN), and
 *       once the output is shut down the socket's EOF closes it (half-closure off from then on, so Netty does not shut
 *       down an input the peer has closed: that fails with ENOTCONN, an exception with a stack per stream). A stream
 *       that ends in failure (reset by either side, its session lost) resets a TCP socket at once (RST, not FIN), so a
 *       cut-off stream never looks complete.
 * </ul>
 *
 * <p>The socket must be registered on the stream's session event loop: the two then share one thread and no state
 * crosses threads.
 */
public final class StreamBridge extends ChannelInboundHandlerAdapter implements StreamHandler {
    private static final Logger log = LoggerFactory.getLogger(StreamBridge.class);

    private final Channel socket;
    private final BiConsumer<ErrorCode, String> onEnd;
    private MuxStream stream;
    private ChannelFuture lastWrite;
    /**
     * Bytes read before the stream exists. Auto-read is off, but epoll still reads once when the peer half-closes
     * (EPOLLRDHUP), so a client that writes and shuts down its output at once has its bytes arrive here early; they
     * are kept, bounded by that one read, and written first when the stream starts.
     */
    private ArrayDeque<ByteBuf> early;
    private boolean inputDone;
    private boolean outputDone;
    /** The socket failed (a read error, a reset by its peer): its closing is not an EOF. */
    private boolean failed;
    private boolean flushScheduled;
    private final Runnable flushTask = this::flushNow;

    /**
     * @param onEnd told once when the stream ends, with the code and reason (NO_ERROR when both halves closed)
     */
    public StreamBridge(Channel socket, BiConsumer<ErrorCode, String> onEnd) {
        this.socket = socket;
        this.onEnd = onEnd;
        socket.config().setAutoRead(false);
        socket.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }

    /**
     * Binds the stream and starts reading the socket (writes before the stream is accepted are allowed). The bridge
     * may already sit in the socket's pipeline (added when the socket connected, so that an early EOF is not missed).
     */
    public void start(MuxStream s) {
        if (s.session().eventLoop() != socket.eventLoop()) {
            throw new IllegalArgumentException("socket and stream must share an event loop");
        }
        this.stream = s;
        if (socket.pipeline().get(StreamBridge.class) == null) {
            socket.pipeline().addLast("bridge", this);
        }
        if (!socket.isActive()) {
            releaseEarly();
            s.reset(ErrorCode.CANCELLED, "connection to " + socket.remoteAddress() + " closed");
            return;
        }
        if (early != null) {
            for (ByteBuf b; (b = early.poll()) != null; ) {
                s.send(b);
            }
            early = null;
        }
        if (inputDone) {
            s.closeWrite(); // the local side sent EOF before the stream existed
        } else {
            readMore();
        }
    }

    private void readMore() {
        if (!inputDone && socket.isActive()
                && !(socket instanceof DuplexChannel duplex && duplex.isInputShutdown())) {
            socket.read();
        }
    }

    // ---- socket to stream ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf data)) {
            ReferenceCountUtil.release(msg);
        } else if (stream != null) {
            stream.send(data);
        } else {
            if (early == null) {
                early = new ArrayDeque<>(2);
            }
            early.add(data);
        }
    }

    private void releaseEarly() {
        if (early != null) {
            early.forEach(ReferenceCountUtil::release);
            early = null;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseEarly();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (stream != null && !inputDone && stream.isWritable()) {
            readMore();
        }
    }

    @Override
    public void onWritable(MuxStream s) {
        readMore();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputDone = true;
            if (stream != null) {
                stream.closeWrite();
            }
            closeIfDone();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (stream == null) {
            releaseEarly();
        }
        if (stream != null && outputDone && !inputDone && !failed) {
            // with the output shut down, half-closure is off: the peer's EOF closed the socket (see shutdownOutput)
            inputDone = true;
            stream.closeWrite();
        } else if (stream != null && !(inputDone && outputDone)) {
            stream.reset(ErrorCode.CANCELLED, "connection to " + socket.remoteAddress() + " closed");
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failed = true;
        log.debug("{}: socket error on {}: {}", stream, socket, cause.toString());
        ctx.close();
    }

    // ---- stream to socket ----

    @Override
    public void onData(MuxStream s, ByteBuf data) {
        int bytes = data.readableBytes();
        lastWrite = socket.write(data).addListener(f -> {
            if (f.isSuccess()) {
                s.consumed(bytes);
            }
        });
        if (!flushScheduled) {
            flushScheduled = true;
            socket.eventLoop().execute(flushTask);
        }
    }

    private void flushNow() {
        flushScheduled = false;
        socket.flush();
    }

    @Override
    public void onRemoteClose(MuxStream s) {
        if (inputDone) {
            outputDone = true; // the second half: close after the last write (FIN), no half-close first
            closeAfterWrites();
            return;
        }
        ChannelFuture last = lastWrite;
        if (last == null || last.isDone()) {
            shutdownOutput();
        } else {
            last.addListener(f -> shutdownOutput());
        }
    }

    private void shutdownOutput() {
        outputDone = true;
        if (inputDone) {
            closeAfterWrites(); // the socket's EOF came while the last write was under way
        } else if (socket instanceof DuplexChannel duplex && socket.isActive()) {
            // from now on the socket's EOF closes it (channelInactive), rather than a shutdown of its input
            socket.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
            duplex.shutdownOutput().addListener(f -> closeIfDone());
        } else {
            closeIfDone();
        }
    }

    @Override
    public void onClosed(MuxStream s, ErrorCode code, String reason) {
        try {
            onEnd.accept(code, reason);
        } finally {
            if (code == ErrorCode.NO_ERROR) {
                closeAfterWrites();
            } else {
                // a reset, not a FIN: the local program must not take what it got so far for the whole stream
                SocketTuning.closeWithReset(socket);
            }
        }
    }

    private void closeIfDone() {
        if (inputDone && outputDone) {
            closeAfterWrites();
        }
    }

    private void closeAfterWrites() {
        ChannelFuture last = lastWrite;
        if (last == null || last.isDone()) {
            socket.close();
        } else {
            last.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
