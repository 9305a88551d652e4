/**
 * The HTTP machinery of the REST API (internal): {@link dev.warren.api.internal.http.ApiChannelHandler} (one
 * connection, requests in order, replies on the event loop), {@link dev.warren.api.internal.http.Dispatcher}
 * (route, authenticate, authorize, run, log refusals), {@link dev.warren.api.internal.http.Router},
 * {@link dev.warren.api.internal.http.ApiException} (refusals in the shape of docs/API.md) and JSON helpers.
 */
package dev.warren.api.internal.http;
