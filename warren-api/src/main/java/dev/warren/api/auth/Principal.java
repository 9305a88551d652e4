package dev.warren.api.auth;

import dev.warren.store.Role;
import java.util.Objects;

/** A user authenticated by one of their API tokens. */
public record Principal(String userId, String name, Role role, String tokenId) {
    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(tokenId, "tokenId");
    }
}
