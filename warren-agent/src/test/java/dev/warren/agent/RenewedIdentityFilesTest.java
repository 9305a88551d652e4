package dev.warren.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.pki.CertificateAuthority;
import dev.warren.pki.CertificateProfile;
import dev.warren.pki.IssuedCertificate;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A renewal replaces key and certificate together, whichever step a crash interrupts it at. */
class RenewedIdentityFilesTest {
    private static final CertificateAuthority CA =
            CertificateAuthority.create("test CA", KeyAlgorithm.EC_P256, Duration.ofDays(1));

    @TempDir
    Path dir;

    private AgentFiles files;
    private IssuedCertificate current;
    private IssuedCertificate renewed;

    @BeforeEach
    void enrolled() {
        current = issue();
        renewed = issue();
        files = new AgentFiles(dir.resolve("agent"));
        files.save(new AgentFiles.Enrolled("d_abc", "dev-1", "relay.example:7443"), Pem.encode(current.privateKey()),
                Pem.encode(current.certificate()), Pem.encode(CA.certificate()));
    }

    @Test
    void replaceIdentityPutsTheNewPairInPlaceAndLeavesNothingStaged() {
        files.replaceIdentity(Pem.encode(renewed.privateKey()), Pem.encode(renewed.certificate()));

        assertRenewed();
        assertThat(files.nextKey()).doesNotExist();
        assertThat(files.nextCertificate()).doesNotExist();
        assertThat(files.key()).isReadable();
    }

    @Test
    void aStagedKeyWithoutItsCertificateIsDroppedAndTheCurrentPairStays() throws Exception {
        Pem.writeSecret(files.nextKey(), Pem.encode(renewed.privateKey()));

        assertThat(files.identity().chain()).containsExactly(current.certificate());
        assertThat(files.identity().key()).isEqualTo(current.privateKey());
        assertThat(files.nextKey()).doesNotExist();
    }

    @Test
    void aFullyStagedPairIsPromotedOnTheNextRead() {
        Pem.writeSecret(files.nextKey(), Pem.encode(renewed.privateKey()));
        Pem.writePublic(files.nextCertificate(), Pem.encode(renewed.certificate()));

        assertRenewed();
    }

    @Test
    void aCrashBetweenTheTwoMovesIsFinishedOnTheNextRead() throws Exception {
        // the key already moved, the certificate did not
        Pem.writeSecret(files.key(), Pem.encode(renewed.privateKey()));
        Pem.writePublic(files.nextCertificate(), Pem.encode(renewed.certificate()));

        assertRenewed();
        assertThat(files.nextCertificate()).doesNotExist();
    }

    private void assertRenewed() {
        assertThat(files.identity().chain()).containsExactly(renewed.certificate());
        assertThat(files.identity().key()).isEqualTo(renewed.privateKey());
        assertThat(Files.exists(files.nextCertificate())).isFalse();
    }

    private static IssuedCertificate issue() {
        return CA.issue(CertificateProfile.client("dev-1", List.of(), Duration.ofDays(1)), KeyAlgorithm.EC_P256);
    }
}
