package dev.warren.api.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.pki.BootstrapToken;
import dev.warren.pki.CertificateAuthority;
import dev.warren.pki.Fingerprints;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.SecretHasher;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BootstrapTokensTest {

    @Test
    void issuedTokensParseBackWithThePin() {
        CertificateAuthority ca = CertificateAuthority.create("Test CA", KeyAlgorithm.EC_P256, Duration.ofDays(1));
        String pin = Fingerprints.spkiPin(ca.certificate());
        BootstrapTokens.Issued issued = BootstrapTokens.issue(pin);
        assertThat(issued.text()).matches("wet1\\.[0-9a-f]{16}\\.[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}");
        BootstrapToken parsed = BootstrapTokens.parse(issued.text());
        assertThat(parsed).isEqualTo(issued.token());
        assertThat(parsed.caPin()).isEqualTo(pin);
        assertThat(SecretHasher.verify(parsed.secret(), issued.secretHash())).isTrue();
        assertThat(issued.toString()).doesNotContain(parsed.secret()).doesNotContain(issued.secretHash());
    }

    @Test
    void errorsNeverEchoTheSecret() {
        String secret = "S".repeat(42) + "!";
        assertThatThrownBy(() -> BootstrapTokens.parse("wet1.0123456789abcdef." + secret + "." + "A".repeat(43)))
                .hasMessageNotContaining(secret);
        assertThatThrownBy(() -> BootstrapTokens.parse("x".repeat(300))).hasMessageContaining("300 characters");
    }
}
