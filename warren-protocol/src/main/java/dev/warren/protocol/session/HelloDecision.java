package dev.warren.protocol.session;

import dev.warren.protocol.ErrorCode;
import java.util.Map;

/**
 * The acceptor's answer to a peer's HELLO: accept (with attributes for the reply HELLO and an application object
 * that stays attached to the session, e.g. the authenticated identity) or refuse with a code and a reason.
 */
public record HelloDecision(ErrorCode code, String reason, Map<String, String> attributes, Object attachment) {

    public HelloDecision {
        if (code == null || reason == null) {
            throw new IllegalArgumentException("code and reason are required");
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public static HelloDecision accept(Map<String, String> attributes, Object attachment) {
        return new HelloDecision(ErrorCode.NO_ERROR, "", attributes, attachment);
    }

    public static HelloDecision refuse(ErrorCode code, String reason) {
        if (code == ErrorCode.NO_ERROR) {
            throw new IllegalArgumentException("code: NO_ERROR (expected: a refusal code)");
        }
        return new HelloDecision(code, reason, Map.of(), null);
    }

    public boolean accepted() {
        return code == ErrorCode.NO_ERROR;
    }
}
