package dev.warren.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.warren.testing.net.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar: {@code warren gateway} from a YAML file, with its generated password, driven by curl. */
class GatewayIT {
    @TempDir Path dir;

    @Test
    void generatedPasswordAndYamlConfig() throws Exception {
        HttpServer web = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        web.createContext("/", ex -> {
            byte[] b = "through".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        web.start();
        int port = FreePorts.next();
        Files.writeString(dir.resolve("gateway.yaml"), """
                listen: 127.0.0.1:%d
                allow-dst: ["127.0.0.1:%d"]
                allow-src: ["127.0.0.1/32"]
                header-timeout: 5s
                """.formatted(port, web.getAddress().getPort()));
        try (WarrenCli cli = new WarrenCli(dir)) {
            cli.start("gateway", "gateway", "--config", "gateway.yaml");
            await().atMost(Duration.ofSeconds(30)).until(() -> cli.log("gateway").contains("listening on"));
            String[] out = Files.readString(dir.resolve("gateway.out")).strip().split("\n");
            String password = out[out.length - 1];
            assertThat(password).matches("[A-Za-z0-9]{64}");
            String url = "http://127.0.0.1:" + web.getAddress().getPort() + "/";
            assertThat(curl(port, "warren-gateway:" + password, url)).contains("through").contains("connect=200");
            assertThat(curl(port, "warren-gateway:wrong", url)).contains("connect=407");
            // the allowed line is written when the tunnel closes, with its byte counts
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cli.log("gateway"))
                    .contains("verdict=allowed").contains("verdict=refused").doesNotContain(password));
        } finally {
            web.stop(0);
        }
    }

    static String curl(int proxy, String auth, String url) throws Exception {
        Process p = new ProcessBuilder("curl", "-sS", "-m", "10", "-p", "--proxy", "http://127.0.0.1:" + proxy, "--proxy-user", auth,
                "-w", " connect=%{http_connect}", url).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
