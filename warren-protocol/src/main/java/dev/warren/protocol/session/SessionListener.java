package dev.warren.protocol.session;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.frame.GoAway;
import dev.warren.protocol.frame.Hello;
import dev.warren.protocol.frame.Open;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What the application does with a session. Every callback runs on the session's event loop. */
public interface SessionListener {

    /** Acceptor only: decide whether to admit the peer; may complete later (e.g. after a database lookup). */
    default CompletionStage<HelloDecision> onHello(MuxSession session, Hello hello) {
        return CompletableFuture.completedFuture(HelloDecision.accept(null, null));
    }

    /** HELLO was exchanged; streams may be opened now. */
    default void onReady(MuxSession session, Hello peerHello) {}

    /** The peer opened a stream: call {@link MuxStream#accept} or {@link MuxStream#reject}, now or later. */
    default void onOpen(MuxStream stream, Open open) {
        stream.reject(ErrorCode.FORBIDDEN, "this side accepts no streams");
    }

    /** The peer announced that it is going away (streams already open continue). */
    default void onGoAway(MuxSession session, GoAway goAway) {}

    /** The session is closed; every stream has already been told. */
    default void onClosed(MuxSession session, ErrorCode code, String reason) {}
}
