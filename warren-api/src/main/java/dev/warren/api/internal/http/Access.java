package dev.warren.api.internal.http;

import dev.warren.store.Role;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who may call a route. Auditors are read-only: no route that changes anything admits them (the router checks), but for
 * {@link #OWN_PASSWORD}: their own credential is theirs, while the relay is not.
 */
public enum Access {
    /** Anyone, no credentials. */
    PUBLIC(Set.of()),
    /** Credentials checked by the endpoint itself (an enrollment token, a device certificate). */
    SELF_AUTHENTICATED(Set.of()),
    /** Any user with valid credentials; the endpoint limits what an operator sees. */
    ANY_USER(EnumSet.allOf(Role.class)),
    /** Admins and auditors: reading everything. */
    READERS(EnumSet.of(Role.ADMIN, Role.AUDITOR)),
    /** Admins, and operators for what is theirs (the endpoint checks which). */
    ADMIN_OR_OPERATOR(EnumSet.of(Role.ADMIN, Role.OPERATOR)),
    /** Any user for their own password, admins for anyone's (the endpoint checks whose): the one change auditors make. */
    OWN_PASSWORD(EnumSet.allOf(Role.class)),
    /** Admins only. */
    ADMIN(EnumSet.of(Role.ADMIN));

    private final Set<Role> roles;

    Access(Set<Role> roles) {
        this.roles = roles;
    }

    public boolean needsToken() {
        return !roles.isEmpty();
    }

    public boolean allows(Role role) {
        return roles.contains(role);
    }

    /** For messages: "ADMIN or AUDITOR". */
    public String describeRoles() {
        return roles.stream().map(Enum::name).sorted().reduce((a, b) -> a + " or " + b).orElse("none");
    }
}
