/**
 * Warren's store: the device registry, enrollment tokens, users with their dashboard passwords, API
 * tokens and client certificates, just-in-time grants and access requests, session history, the audit
 * log, traffic history, published ports and the web dashboard's sign-in sessions.
 *
 * <p>Start with {@link dev.warren.store.Stores#open(StoreConfig)}, given
 * {@link dev.warren.store.StoreConfig#embedded(java.nio.file.Path)} (H2 file, the default) or
 * {@link dev.warren.store.StoreConfig#postgres(String, String, String)} (clusters); it migrates the
 * schema and returns a {@link dev.warren.store.WarrenStore}, whose {@code devices()},
 * {@code enrollTokens()}, {@code users()}, {@code sessions()}, {@code audit()}, {@code grants()},
 * {@code accessRequests()}, {@code traffic()}, {@code publishedPorts()} and {@code webSessions()} are the
 * repositories.
 *
 * <p>Records validate themselves; instants are UTC and kept to microseconds (what both databases
 * store). Failures are {@link dev.warren.store.StoreException}s naming the operation;
 * {@link dev.warren.store.DuplicateNameException} and {@link dev.warren.store.NotFoundException}
 * say which input was wrong. The JDBC implementation is in {@code dev.warren.store.internal}.
 */
package dev.warren.store;
