package dev.warren.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The agent's own jar (warren-cli/pom.xml, warren-agent.jar) leaves BouncyCastle out: no class that {@code agent run}
 * may load (this module but enrollment, and the modules under it) refers to BouncyCastle, and of warren-pki only to
 * classes that do not either. A class found by name in another class's constant pool counts as referred to.
 */
class AgentWithoutBouncyCastleTest {
    private static final Pattern PKI_CLASS = Pattern.compile("dev/warren/pki/([A-Za-z0-9_$]+)");

    /** Class file bytes by internal name, from the directory or jar that holds {@code anchor}. */
    private static void collect(Class<?> anchor, java.util.Map<String, byte[]> into) throws IOException, URISyntaxException {
        Path where = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(where)) {
            try (Stream<Path> files = Files.walk(where)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String name = where.relativize(f).toString().replace('\\', '/');
                    into.put(name.substring(0, name.length() - 6), Files.readAllBytes(f));
                }
            }
        } else {
            try (ZipFile jar = new ZipFile(where.toFile())) {
                for (var e : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                    try (InputStream in = jar.getInputStream(e)) {
                        into.put(e.getName().substring(0, e.getName().length() - 6), in.readAllBytes());
                    }
                }
            }
        }
    }

    @Test
    void nothingAgentRunLoadsRefersToBouncyCastle() throws Exception {
        java.util.Map<String, byte[]> classes = new java.util.HashMap<>();
        for (Class<?> module : List.of(Agent.class, dev.warren.transport.RelayDialer.class,
                dev.warren.protocol.session.MuxSession.class, dev.warren.common.tls.TlsContexts.class)) {
            collect(module, classes);
        }
        java.util.Map<String, byte[]> pki = new java.util.HashMap<>();
        collect(dev.warren.pki.PemText.class, pki);
        Deque<String> todo = new ArrayDeque<>();
        classes.keySet().stream().filter(n -> !n.startsWith("dev/warren/agent/Enrollment")).forEach(todo::add);
        Set<String> seen = new HashSet<>(todo);
        Set<String> offenders = new TreeSet<>();
        Set<String> pkiUsed = new TreeSet<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            byte[] bytes = classes.containsKey(name) ? classes.get(name) : pki.get(name);
            if (bytes == null) {
                continue;
            }
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            if (text.contains("org/bouncycastle/")) {
                offenders.add(name);
            }
            Matcher m = PKI_CLASS.matcher(text);
            while (m.find()) {
                String referred = "dev/warren/pki/" + m.group(1);
                if (pki.containsKey(referred) && seen.add(referred)) {
                    pkiUsed.add(referred);
                    todo.add(referred);
                }
            }
        }
        assertThat(offenders).as("classes of agent run that refer to BouncyCastle").isEmpty();
        assertThat(pkiUsed).as("the warren-pki classes agent run uses").contains("dev/warren/pki/EcCsr",
                "dev/warren/pki/PemText").doesNotContain("dev/warren/pki/Pem", "dev/warren/pki/Csr");
        assertThat(classes).as("the scan saw the agent's classes").containsKey("dev/warren/agent/CertificateRenewal");
    }
}
