package dev.warren.api.internal.http;

import dev.warren.store.Role;
import java.util.EnumSet;
import java.util.Set;

/** Who may call a route. */
public enum Access {
    /** Anyone, no credentials. */
    PUBLIC(Set.of()),
    /** Credentials checked by the endpoint itself (an enrollment token, a device certificate). */
    SELF_AUTHENTICATED(Set.of()),
    /** Any user with a valid API token. */
    ANY_USER(EnumSet.allOf(Role.class)),
    /** Admins only. */
    ADMIN(EnumSet.of(Role.ADMIN));

    private final Set<Role> roles;

    Access(Set<Role> roles) {
        this.roles = roles;
    }

    public boolean needsToken() {
        return this == ANY_USER || this == ADMIN;
    }

    public boolean allows(Role role) {
        return roles.contains(role);
    }

    /** For messages: "ADMIN". */
    public String describeRoles() {
        return roles.stream().map(Enum::name).sorted().reduce((a, b) -> a + " or " + b).orElse("none");
    }
}
