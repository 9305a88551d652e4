/**
 * Enrollment helpers: {@link dev.warren.api.enroll.BootstrapTokens} (make and read {@code wet1.} tokens),
 * {@link dev.warren.api.enroll.DeviceCertificates} (the device id in a certificate's URI SAN, used by the relay to
 * authenticate agents) and {@link dev.warren.api.enroll.DeviceNames}.
 */
package dev.warren.api.enroll;
