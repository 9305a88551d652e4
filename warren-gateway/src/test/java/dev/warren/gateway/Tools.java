package dev.warren.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real programs the tests drive: Apache's htpasswd and curl (packages apache2-utils, curl). */
final class Tools {
    private Tools() {}

    record Result(int exit, String stdout, String stderr) {}

    static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** {@code htpasswd -b [-c] FLAG file user password}; flag is -B (bcrypt), -s, -m or -p. */
    static void htpasswd(Path file, String flag, String user, String password) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("htpasswd", "-b", flag));
        if (!file.toFile().exists()) {
            cmd.add(1, "-c");
        }
        cmd.addAll(List.of(file.toString(), user, password));
        Result r = run(cmd);
        if (r.exit() != 0) {
            throw new AssertionError("htpasswd failed: " + r.stderr());
        }
    }

    /**
     * {@code curl} through the gateway to {@code url} with a CONNECT tunnel; returns the proxy's CONNECT status (000 if
     * none) and the body. {@code credentials} may be null; {@code iface} binds curl's source address.
     */
    static Result curl(int gatewayPort, String credentials, String url, String iface) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "--proxytunnel", "--proxy",
                "http://127.0.0.1:" + gatewayPort, "-w", "\n%{http_connect}"));
        if (credentials != null) {
            cmd.addAll(List.of("--proxy-user", credentials));
        }
        if (iface != null) {
            cmd.addAll(List.of("--interface", iface));
        }
        cmd.add(url);
        return run(cmd);
    }

    static String connectStatus(Result r) {
        String out = r.stdout();
        return out.substring(out.lastIndexOf('\n') + 1).trim();
    }
}
