package dev.warren.common.tls.internal;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Answers the one question Netty asks the JDK's TLS stack when its SSL classes initialise ("does the JDK do TLS 1.3,
 * and enable it by default?", SslUtils), without initialising that stack: the JDK's answer costs ~370 classes
 * (SSLContextImpl, every CipherSuite, NamedGroup and SignatureScheme, the JCE providers behind them; ~2 MB that the
 * agent would keep for months) even when BoringSSL does all the TLS. The answer is the JDK's own on every JDK Warren
 * runs on (21 and later: TLS 1.3 supported and enabled for clients and servers).
 *
 * <p>The probe is a security provider listed first only while {@link #answer} runs (Warren calls it once, from the
 * class initialisation of {@code TlsContexts}), and it answers only the thread that runs {@link #answer}: another
 * thread asking for a TLS {@code SSLContext} meanwhile (a database driver, say) gets the JDK's own, and so does
 * everything afterwards.
 */
public final class JdkTlsProbe {
    private static final String NAME = "WarrenJdkTlsProbe";

    private JdkTlsProbe() {}

    /** Runs {@code question} (the first use of Netty's SSL classes) with the probe answering for the JDK. */
    public static <T> T answer(Supplier<T> question) {
        Provider probe = new ProbeProvider(Thread.currentThread());
        boolean added = Security.insertProviderAt(probe, 1) == 1;
        try {
            return question.get();
        } finally {
            if (added) {
                Security.removeProvider(NAME);
            }
        }
    }

    private static final class ProbeProvider extends Provider {
        ProbeProvider(Thread asker) {
            super(NAME, "1", "answers Netty's TLS 1.3 probe of the JDK during Warren's TLS set-up");
            putService(new Service(this, "SSLContext", "TLS", ProbeContext.class.getName(), null, null) {
                @Override
                public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                    if (Thread.currentThread() == asker) {
                        return new ProbeContext();
                    }
                    Provider jdk = Security.getProvider("SunJSSE");
                    Service real = jdk == null ? null : jdk.getService("SSLContext", "TLS");
                    if (real == null) {
                        throw new NoSuchAlgorithmException("SSLContext TLS: no SunJSSE provider");
                    }
                    return real.newInstance(constructorParameter);
                }
            });
        }
    }

    /** Only the parameters: TLS 1.3 and 1.2, as the JDK reports them. */
    private static final class ProbeContext extends SSLContextSpi {
        private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {}

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return new SSLParameters(new String[0], PROTOCOLS.clone());
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return new SSLParameters(new String[0], PROTOCOLS.clone());
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw unsupported();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw unsupported();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            throw unsupported();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            throw unsupported();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            throw unsupported();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            throw unsupported();
        }

        private static UnsupportedOperationException unsupported() {
            return new UnsupportedOperationException("the TLS 1.3 probe answers questions only");
        }
    }
}
