package dev.warren.common.tls.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Security;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;

/** The probe says what the JDK says, to the asking thread only, and is gone afterwards. */
class JdkTlsProbeTest {
    private static SSLContext initialised() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[0], null);
        return context;
    }

    private static List<String> protocols(SSLParameters parameters) {
        return List.of(parameters.getProtocols());
    }

    @Test
    void answersNettysQuestionAsTheJdkDoes() throws Exception {
        SSLContext jdk = initialised();
        SSLContext probe = JdkTlsProbe.answer(() -> {
            try {
                return initialised();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(probe.getProvider().getName()).isEqualTo("WarrenJdkTlsProbe");
        // SslUtils: "TLSv1.3" among the supported protocols, and among the default ones
        assertThat(protocols(probe.getSupportedSSLParameters())).contains("TLSv1.3")
                .isSubsetOf(protocols(jdk.getSupportedSSLParameters()));
        assertThat(protocols(jdk.getSupportedSSLParameters())).contains("TLSv1.3");
        assertThat(protocols(probe.getDefaultSSLParameters())).contains("TLSv1.3");
        assertThat(protocols(jdk.getDefaultSSLParameters())).contains("TLSv1.3");
        assertThatThrownBy(probe::createSSLEngine).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("answers questions only");
    }

    @Test
    void otherThreadsGetTheJdksContextMeanwhile() throws Exception {
        SSLContext other = JdkTlsProbe.answer(() -> CompletableFuture.supplyAsync(() -> {
            try {
                return initialised();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).join());
        assertThat(other.createSSLEngine().getSupportedProtocols()).contains("TLSv1.3");
    }

    @Test
    void isGoneAfterwardsEvenWhenTheQuestionFails() throws Exception {
        assertThatThrownBy(() -> JdkTlsProbe.answer(() -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(Security.getProvider("WarrenJdkTlsProbe")).isNull();
        assertThat(SSLContext.getInstance("TLS").getProvider().getName()).isEqualTo("SunJSSE");
    }
}
