/**
 * Web dashboard foundations: {@link dev.warren.api.dashboard.Html} (an HTML builder that escapes every value)
 * and {@link dev.warren.api.dashboard.DashboardSessions} (server-side sign-in sessions with random 256-bit ids,
 * idle and absolute expiry, and a synchronizer CSRF token per session).
 */
package dev.warren.api.dashboard;
