package dev.warren.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warren.pki.CertificateAuthority;
import dev.warren.pki.CertificateProfile;
import dev.warren.pki.IssuedCertificate;
import dev.warren.pki.KeyAlgorithm;
import dev.warren.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentFilesTest {
    @TempDir
    Path dir;

    @Test
    void savedIdentityReadsBackWithoutBouncyCastleOrJackson() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("test CA", KeyAlgorithm.EC_P256, Duration.ofDays(1));
        CertificateAuthority other = CertificateAuthority.create("other CA", KeyAlgorithm.EC_P256, Duration.ofDays(1));
        IssuedCertificate device = ca.issue(CertificateProfile.client("dev-1", List.of(), Duration.ofDays(1)),
                KeyAlgorithm.EC_P256);
        AgentFiles files = new AgentFiles(dir.resolve("agent"));
        files.save(new AgentFiles.Enrolled("d_abc", "dev-1", "relay.example:7443"), Pem.encode(device.privateKey()),
                Pem.encode(device.certificate()), Pem.encode(ca.certificate(), other.certificate()));

        assertThat(files.readEnrolled()).isEqualTo(new AgentFiles.Enrolled("d_abc", "dev-1", "relay.example:7443"));
        assertThat(files.relayCa()).containsExactly(ca.certificate(), other.certificate());
        assertThat(files.identity().chain()).containsExactly(device.certificate());
        assertThat(Files.readString(files.info())).contains("\"deviceId\" : \"d_abc\"");
    }

    @Test
    void agentJsonWithoutItsKeysIsRefusedByName() throws Exception {
        AgentFiles files = enrolledWithInfo("{\n  \"deviceId\" : \"d_abc\",\n  \"name\" : \"dev-1\"\n}");
        assertThatThrownBy(files::readEnrolled).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("agent.json: no 'relay'");
    }

    @Test
    void caFileWithoutCertificatesIsRefused() throws Exception {
        AgentFiles files = enrolledWithInfo("{\"deviceId\":\"d\",\"name\":\"n\",\"relay\":\"r:1\"}");
        Files.writeString(files.ca(), "not a certificate\n");
        assertThatThrownBy(files::relayCa).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ca.crt");
    }

    private AgentFiles enrolledWithInfo(String json) throws Exception {
        AgentFiles files = new AgentFiles(dir);
        for (Path p : List.of(files.key(), files.certificate(), files.ca())) {
            Files.writeString(p, "x");
        }
        Files.writeString(files.info(), json);
        return files;
    }
}
