/**
 * The relay's REST API ({@code /api/v1}, docs/API.md). Starting points: {@link dev.warren.api.RestApi} (installed on
 * a connection after ALPN picks {@code http/1.1}), built from an {@link dev.warren.api.ApiContext}, which names the
 * store, the CA, the live {@link dev.warren.api.RelayState} and the {@link dev.warren.api.auth.TokenAuthenticator}.
 * Authentication is in {@code dev.warren.api.auth}, enrollment helpers in {@code dev.warren.api.enroll}; the HTTP
 * machinery and the endpoints are internal.
 */
package dev.warren.api;
