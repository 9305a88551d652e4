package dev.warren.protocol.session;

import dev.warren.protocol.ErrorCode;
import dev.warren.protocol.frame.GoAway;
import dev.warren.protocol.frame.Hello;
import dev.warren.protocol.frame.Open;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/** Records what a session tells it; accepts every HELLO and stream unless told otherwise. */
class RecordingListener implements SessionListener {
    HelloDecision decision = HelloDecision.accept(null, "principal");
    BiConsumer<MuxStream, Open> onOpen = (s, o) -> s.accept(new RecordingHandler(), null);
    final List<MuxStream> opened = new ArrayList<>();
    Hello ready;
    GoAway goAway;
    ErrorCode closedCode;
    String closedReason;

    @Override
    public CompletionStage<HelloDecision> onHello(MuxSession session, Hello hello) {
        return CompletableFuture.completedFuture(decision);
    }

    @Override
    public void onReady(MuxSession session, Hello peerHello) {
        ready = peerHello;
    }

    @Override
    public void onOpen(MuxStream stream, Open open) {
        opened.add(stream);
        onOpen.accept(stream, open);
    }

    @Override
    public void onGoAway(MuxSession session, GoAway g) {
        goAway = g;
    }

    @Override
    public void onClosed(MuxSession session, ErrorCode code, String reason) {
        closedCode = code;
        closedReason = reason;
    }
}
