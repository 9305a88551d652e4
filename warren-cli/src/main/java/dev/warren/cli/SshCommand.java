package dev.warren.cli;

import dev.warren.client.ClientConfig;
import dev.warren.common.tls.TrustPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warren ssh [user@]device [ssh args]}: the system's ssh, through the relay. */
@Command(name = "ssh", mixinStandardHelpOptions = true,
        description = {"Run the system ssh through the relay: ssh -o ProxyCommand='warren connect --stdio %%h ssh' ...",
            "Everything after the destination goes to ssh unchanged."})
final class SshCommand implements Callable<Integer> {
    @Option(names = "--service", paramLabel = "SERVICE", defaultValue = "ssh", description = "The device's service to use (default: ${DEFAULT-VALUE}).")
    String service;

    @Mixin
    OperatorOptions operator;

    @Parameters(arity = "1..*", paramLabel = "[USER@]DEVICE [SSH ARGS]",
            description = "The device (name or id), with ssh's user; then ssh's own arguments, e.g. a command to run.")
    List<String> args;

    @Override
    public Integer call() throws Exception {
        ClientConfig config = operator.clientConfig();
        List<String> command = new ArrayList<>();
        command.add("ssh");
        command.add("-o");
        ProxyOptions proxy = operator.proxyOptions;
        command.add("ProxyCommand=" + Launcher.command() + " connect --stdio %h " + service
                + (operator.credentials != null ? " --credentials " + Launcher.quote(operator.credentials.toString()) : "")
                + " --transport " + config.transport().name().toLowerCase(java.util.Locale.ROOT)
                + (config.proxy() == null ? " --proxy none" : "")
                + (proxy.credentials != null ? " --proxy-credentials "
                        + Launcher.quote(proxy.credentials.toAbsolutePath().toString()) : ""));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        // the ProxyCommand inherits what this command resolved, without putting the token on a command line
        Map<String, String> env = pb.environment();
        if (config.proxy() != null && proxy.proxy != null) {
            // --proxy given here: hand it down in the environment (its password stays off command lines)
            env.put("HTTPS_PROXY", proxy.proxy);
            env.remove("https_proxy");
            env.remove("NO_PROXY");
            env.remove("no_proxy");
        }
        env.put("WARREN_RELAY", config.relay().toString());
        if (config.hasToken()) {
            env.put("WARREN_TOKEN", config.token());
        }
        if (operator.ca != null) {
            env.put("WARREN_CA", operator.ca.toAbsolutePath().toString());
        } else if (config.trust() instanceof TrustPolicy.Pinned pinned) {
            env.put("WARREN_CA_PIN", pinned.spkiPin());
        }
        try {
            return pb.start().waitFor();
        } catch (java.io.IOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "cannot run ssh: " + e.getMessage() + " (install openssh-client)");
        }
    }

    /** Where this program is, so that ssh can start it again as its ProxyCommand. */
    static final class Launcher {
        private Launcher() {}

        static String command() {
            String launcher = System.getProperty("warren.launcher");
            if (launcher != null && !launcher.isBlank()) {
                return quote(launcher);
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String jar;
            try {
                jar = Path.of(SshCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            return quote(java) + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -jar "
                    + quote(jar);
        }

        static String quote(String s) {
            return s.matches("[A-Za-z0-9_./:=@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
        }
    }
}
