/** Implementation details of {@code dev.warren.common.tls}; other modules must not use them. */
package dev.warren.common.tls.internal;
