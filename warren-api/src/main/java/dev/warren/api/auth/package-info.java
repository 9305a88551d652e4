/**
 * Who calls the API: {@link dev.warren.api.auth.TokenAuthenticator} verifies API tokens
 * ({@link dev.warren.api.auth.ApiTokens}: {@code wat1.<id>.<secret>}) and yields a
 * {@link dev.warren.api.auth.Principal}; {@link dev.warren.api.auth.AdminBootstrap} makes the first admin.
 */
package dev.warren.api.auth;
