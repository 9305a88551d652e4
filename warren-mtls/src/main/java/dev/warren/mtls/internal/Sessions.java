package dev.warren.mtls.internal;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import javax.net.ssl.SSLEngine;

/** Whether a handshake resumed an earlier session (OpenSSL tells; the JDK's engine does not, so false there). */
final class Sessions {
    private Sessions() {}

    static boolean resumed(SSLEngine engine) {
        if (engine instanceof ReferenceCountedOpenSslEngine openssl) {
            synchronized (openssl) {
                long ssl = openssl.sslPointer();
                return ssl != 0 && io.netty.internal.tcnative.SSL.isSessionReused(ssl);
            }
        }
        return false;
    }
}
