package dev.warren.bench;

import dev.warren.common.net.HostPort;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Thousands of agents from one process, for {@code bench/relay-memory.sh}.
 *
 * <pre>
 * prepare --data RELAY_DATA --count N --out FILE [--prefix sim]
 *     (relay stopped) create N devices in the relay's embedded store, certificates signed by its CA
 * run --relay HOST:PORT --ca FILE --identities FILE [--threads 2] [--in-flight 64] [--timeout-seconds 900]
 *     then, on standard input, one command a line:
 *       grow N   connect agents until N are up; answers "ready R failed F lost L seconds S" (or "timeout ...")
 *       status   answers the same line for the agents as they are
 *       quit     closes every session and exits
 * </pre>
 *
 * Standard output carries only those answers; logs go to standard error.
 */
public final class AgentSimulator {
    private AgentSimulator() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage("no command");
        }
        Map<String, String> options = options(args);
        switch (args[0]) {
            case "prepare" -> SimIdentities.prepare(Path.of(required(options, "data")),
                    Integer.parseInt(required(options, "count")), options.getOrDefault("prefix", "sim"),
                    Path.of(required(options, "out")));
            case "run" -> run(options);
            default -> usage("unknown command '" + args[0] + "'");
        }
    }

    private static void run(Map<String, String> options) throws Exception {
        Path identitiesFile = Path.of(required(options, "identities"));
        List<SimIdentities.Identity> identities = SimIdentities.read(identitiesFile, Integer.MAX_VALUE);
        List<X509Certificate> ca = certificates(Path.of(required(options, "ca")));
        Duration timeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("timeout-seconds", "900")));
        try (SimAgents agents = new SimAgents(HostPort.parse(required(options, "relay")), ca, identities,
                Integer.parseInt(options.getOrDefault("threads", "2")),
                Integer.parseInt(options.getOrDefault("in-flight", "64")))) {
            System.err.println("simulator: " + identities.size() + " identities loaded");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.trim().split("\\s+");
                long start = System.nanoTime();
                switch (words[0]) {
                    case "grow" -> {
                        boolean done = agents.grow(Integer.parseInt(words[1]), timeout);
                        answer(done ? "ready" : "timeout", agents, start);
                    }
                    case "status" -> answer("ready", agents, start);
                    case "quit" -> {
                        answer("ready", agents, start);
                        return;
                    }
                    case "" -> { }
                    default -> System.err.println("simulator: unknown command '" + line + "'");
                }
            }
        }
    }

    private static void answer(String what, SimAgents agents, long startNanos) {
        System.out.printf("%s %d failed %d lost %d seconds %.1f%n", what, agents.ready(), agents.failed(),
                agents.lost(), (System.nanoTime() - startNanos) / 1e9);
        System.out.flush();
    }

    private static List<X509Certificate> certificates(Path pem) throws Exception {
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pem)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        }
        return out;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                usage("option '" + args[i] + "' (expected: --name value)");
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            usage("missing --" + name);
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("simulator: " + problem + "\nusage: prepare --data DIR --count N --out FILE [--prefix P]\n"
                + "       run --relay HOST:PORT --ca FILE --identities FILE [--threads N] [--in-flight N]"
                + " [--timeout-seconds S]");
        System.exit(2);
    }
}
