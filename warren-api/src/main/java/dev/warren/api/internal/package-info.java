/**
 * Internals of warren-api shared by its packages: {@link dev.warren.api.internal.AttemptLimiter} (failed attempts per
 * source) and {@link dev.warren.api.internal.Sources}. Other modules must not use them.
 */
package dev.warren.api.internal;
