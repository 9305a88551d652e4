package dev.warren.relay;

import dev.warren.api.auth.Principal;
import dev.warren.protocol.session.MuxSession;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** The operators' sessions on this node, so that a disabled user or a revoked credential can be cut at once. */
final class OperatorSessions {
    private final Set<MuxSession> sessions = ConcurrentHashMap.newKeySet();

    void add(MuxSession session) {
        sessions.add(session);
    }

    void remove(MuxSession session) {
        sessions.remove(session);
    }

    /** The sessions whose authenticated user matches. */
    List<MuxSession> matching(Predicate<Principal> who) {
        return sessions.stream().filter(s -> s.attachment() instanceof Principal p && who.test(p)).toList();
    }

    int size() {
        return sessions.size();
    }
}
