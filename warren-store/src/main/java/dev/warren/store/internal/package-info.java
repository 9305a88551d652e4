/**
 * The JDBC implementation of {@link dev.warren.store}: not for other modules.
 *
 * <p>{@link dev.warren.store.internal.StoreOpener} builds the HikariCP pool, runs the Flyway
 * migrations in {@code db/migration} and wires one JDBI repository per interface
 * ({@code JdbiDevices}, {@code JdbiEnrollTokens}, {@code JdbiUsers}, {@code JdbiSessions}, {@code JdbiGrants},
 * {@code JdbiAccessRequests},
 * {@code JdbiAuditLog}) over a shared {@code Db}, which names the operation in every failure.
 * {@link dev.warren.store.internal.Checks} holds the validation the public records use.
 */
package dev.warren.store.internal;
