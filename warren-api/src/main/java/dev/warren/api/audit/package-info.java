/**
 * The audit trail: {@link dev.warren.api.audit.AuditWriter} appends every event to the store and to the JSON-lines
 * file {@code audit.log}, in order, on one thread; {@link dev.warren.api.audit.Audit} builds the events with the
 * conventions docs/API.md lists (actions, targets, device and subject).
 */
package dev.warren.api.audit;
