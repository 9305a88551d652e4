/**
 * The endpoints of docs/API.md (internal). {@link dev.warren.api.internal.endpoints.Endpoints#router} lists every
 * route with who may call it; each area has its own class (enrollment, renewal, enrollment tokens, devices,
 * sessions, health/CA/whoami), and {@code Views} holds the JSON shapes.
 */
package dev.warren.api.internal.endpoints;
