package dev.warren.store;

/** The outcome of {@link EnrollTokens#consume}. Only {@link #CONSUMED} lets an enrollment proceed. */
public enum ConsumeResult {
    /** One use was taken. */
    CONSUMED,
    /** No token has that id. */
    UNKNOWN,
    /** The token expired. */
    EXPIRED,
    /** Every use is taken. */
    EXHAUSTED,
    /** The token was revoked. */
    REVOKED
}
