/**
 * Web dashboard foundations: {@link dev.warren.api.dashboard.Html} (an HTML builder that escapes every value)
 * and {@link dev.warren.api.dashboard.DashboardSessions} (server-side sign-in sessions with random 256-bit ids, kept in
 * the store by their hash,
 * idle and absolute expiry, and a synchronizer CSRF token per session) and {@link dev.warren.api.dashboard.RequestGuard} (Origin and CSRF
 * checks of state-changing requests, security headers, loopback-only plain HTTP).
 */
package dev.warren.api.dashboard;
