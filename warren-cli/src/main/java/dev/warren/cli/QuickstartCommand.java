package dev.warren.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.warren.agent.Agent;
import dev.warren.agent.AgentConfig;
import dev.warren.agent.AgentFiles;
import dev.warren.agent.Enrollment;
import dev.warren.client.ClientConfig;
import dev.warren.client.Credentials;
import dev.warren.common.net.HostPort;
import dev.warren.common.tls.TrustPolicy;
import dev.warren.pki.Pem;
import dev.warren.relay.RelayConfig;
import dev.warren.relay.RelayServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code warren quickstart}: a relay and an agent on loopback with embedded defaults, a demo web service (and the local
 * sshd if one answers), an operator login, and the exact commands to try. Ctrl-C stops everything.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Start a relay and an agent on loopback with a demo service, and print what to try.")
final class QuickstartCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", defaultValue = ".warren/quickstart",
            description = "Where the relay, agent and operator keep their state (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "7443", description = "Relay port on 127.0.0.1; a free one if taken (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        Path relayData = data.resolve("relay");
        Path agentData = data.resolve("agent");
        Path operatorDir = data.resolve("operator").toAbsolutePath();
        RelayServer relay = RelayServer.start(RelayConfig.of(relayData, new HostPort("127.0.0.1", freeOr(port))));
        HttpServer demo = null;
        Agent agent = null;
        try {
            String adminToken = Files.readString(relayData.resolve("admin.token")).trim();
            ClientConfig admin = new ClientConfig(relay.address(), adminToken,
                    new TrustPolicy.Cas(List.of(relay.caCertificate())), null);
            new Credentials(relay.address().toString(), adminToken, Pem.encode(relay.caCertificate()))
                    .save(operatorDir.resolve("credentials.json"));

            AgentFiles files = new AgentFiles(agentData);
            if (!files.enrolled()) {
                try (AdminClient api = new AdminClient(admin)) {
                    JsonNode token = api.post("/api/v1/enroll-tokens", Map.of("ttlSeconds", 600, "uses", 1,
                            "description", "quickstart demo device"));
                    Enrollment.enroll(new Enrollment.Request(relay.address(), token.path("token").asText(), "demo",
                            Map.of("purpose", "quickstart"), false), files);
                }
            }
            demo = demoWebServer();
            Map<String, HostPort> services = new LinkedHashMap<>();
            services.put("web", new HostPort("127.0.0.1", demo.getAddress().getPort()));
            boolean sshd = sshdAnswers();
            if (sshd) {
                services.put("ssh", new HostPort("127.0.0.1", 22));
            }
            agent = Agent.start(AgentConfig.of(agentData, services).withRelay(relay.address()));
            printWhatToTry(relay, operatorDir, sshd);
            Agent running = agent;
            HttpServer demoServer = demo;
            Signals.awaitShutdown(() -> {
                running.close();
                demoServer.stop(0);
                relay.close();
            });
            return ExitCodes.OK;
        } catch (RuntimeException | IOException | Enrollment.EnrollmentException e) {
            if (agent != null) {
                agent.close();
            }
            if (demo != null) {
                demo.stop(0);
            }
            relay.close();
            throw e instanceof Enrollment.EnrollmentException ee ? new CommandFailure(ExitCodes.FAILURE, ee.getMessage()) : e;
        }
    }

    private static void printWhatToTry(RelayServer relay, Path operatorDir, boolean sshd) {
        String w = launcherName();
        StringBuilder s = new StringBuilder();
        s.append("\nWarren quickstart is running: relay on ").append(relay.address())
                .append(", device 'demo' exposing 'web'").append(sshd ? " and 'ssh' (this machine's sshd)" : "").append(".\n");
        s.append("In another terminal:\n\n");
        s.append("  export WARREN_CONFIG_DIR=").append(operatorDir).append("   # logged in as admin\n");
        s.append("  ").append(w).append(" admin devices\n");
        s.append("  ").append(w).append(" connect demo web --listen 127.0.0.1:8080 &\n");
        s.append("  curl http://127.0.0.1:8080/\n");
        if (sshd) {
            s.append("  ").append(w).append(" ssh ").append(System.getProperty("user.name")).append("@demo\n");
        } else {
            s.append("  (no sshd answers on 127.0.0.1:22; start one and run quickstart again to try '")
                    .append(w).append(" ssh')\n");
        }
        s.append("  ").append(w).append(" admin sessions\n");
        s.append("  ").append(w).append(" admin enroll-token create --ttl 1h --uses 1   # for a real device\n\n");
        s.append("Ctrl-C stops the relay and the agent.\n");
        System.err.print(s);
        System.err.flush();
    }

    /** How the person should call warren: ./warren from the repository, else the launcher's full path. */
    private static String launcherName() {
        String launcher = System.getProperty("warren.launcher");
        if (launcher == null) {
            return "warren";
        }
        Path p = Path.of(launcher);
        Path cwd = Path.of("").toAbsolutePath();
        return cwd.equals(p.getParent()) ? "./" + p.getFileName() : p.toString();
    }

    /** A tiny web service for the demo device. */
    private static HttpServer demoWebServer() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "Hello from Warren's demo device: this page came through the relay.\n"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static boolean sshdAnswers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 22), 500);
            s.setSoTimeout(1000);
            InputStream in = s.getInputStream();
            byte[] banner = in.readNBytes(4);
            return new String(banner, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeOr(int preferred) throws IOException {
        try (ServerSocket s = new ServerSocket(preferred, 1, java.net.InetAddress.getLoopbackAddress())) {
            return preferred;
        } catch (IOException busy) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                return s.getLocalPort();
            }
        }
    }
}
