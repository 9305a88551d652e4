package dev.warren.store;

/** What a user may do. */
public enum Role {
    /** Everything, including users and tokens. */
    ADMIN,
    /** Connects to devices. */
    OPERATOR,
    /** Reads sessions and the audit log. */
    AUDITOR
}
