package dev.warren.testing.openssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds {@code ssh}, {@code scp} and {@code sftp} command lines for tests: no user or system
 * configuration ({@code -F /dev/null}), batch mode, only the given key, and strict host key
 * checking against the given known_hosts file, so a test that passes has really verified the server.
 *
 * <pre>{@code
 * SshCommand.ssh().forServer(sshd, "dev-42")
 *         .proxyCommand("warren connect --stdio %h ssh")
 *         .remoteCommand("echo hello")
 *         .run(Duration.ofSeconds(20));
 * }</pre>
 *
 * Every option is passed as {@code -o Name=value}, which all three programs accept.
 */
public final class SshCommand {
    /** Which OpenSSH client program. */
    public enum Tool {
        SSH("ssh"),
        SCP("scp"),
        SFTP("sftp");

        private final String program;

        Tool(String program) {
            this.program = program;
        }

        public String program() {
            return program;
        }
    }

    private final Tool tool;
    private String program;
    private Path identity;
    private Path knownHosts;
    private String host;
    private Integer port;
    private String user;
    private String proxyCommand;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private OpenSshServer server;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> flags = new ArrayList<>();
    private final List<String> operands = new ArrayList<>();
    private Path batchFile;

    private SshCommand(Tool tool) {
        this.tool = tool;
        this.program = tool.program();
    }

    public static SshCommand ssh() {
        return new SshCommand(Tool.SSH);
    }

    public static SshCommand scp() {
        return new SshCommand(Tool.SCP);
    }

    public static SshCommand sftp() {
        return new SshCommand(Tool.SFTP);
    }

    /** Runs this program instead of the one found on PATH (e.g. {@code /usr/bin/ssh}). */
    public SshCommand program(String program) {
        this.program = requireText("program", program);
        return this;
    }

    /** The private key to log in with ({@code -i}, with {@code IdentitiesOnly=yes}). */
    public SshCommand identity(Path privateKey) {
        this.identity = Objects.requireNonNull(privateKey, "privateKey");
        return this;
    }

    /** The only known_hosts file consulted ({@code UserKnownHostsFile}; the global one is off). */
    public SshCommand knownHosts(Path file) {
        this.knownHosts = Objects.requireNonNull(file, "file");
        return this;
    }

    /** The destination: a host name or an alias (as passed to a ProxyCommand's {@code %h}). */
    public SshCommand host(String hostOrAlias) {
        this.host = requireText("host", hostOrAlias);
        return this;
    }

    public SshCommand port(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        this.port = port;
        return this;
    }

    public SshCommand user(String user) {
        this.user = requireText("user", user);
        return this;
    }

    /** {@code -o ProxyCommand=...}: ssh talks to the server through this command's stdin/stdout. */
    public SshCommand proxyCommand(String command) {
        this.proxyCommand = requireText("proxyCommand", command);
        return this;
    }

    /** {@code ConnectTimeout} (10 s unless set); whole seconds, at least 1. */
    public SshCommand connectTimeout(Duration timeout) {
        if (timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("connectTimeout: " + timeout + " (expected: >= 1 s)");
        }
        this.connectTimeout = timeout;
        return this;
    }

    /** One more {@code -o name=value}; set last, so it overrides a default of this builder. */
    public SshCommand option(String name, String value) {
        options.put(requireText("option name", name), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Raw flags placed before the destination, e.g. {@code -v}, {@code -T}, {@code -N}, {@code -L...}. */
    public SshCommand flags(String... flags) {
        this.flags.addAll(List.of(flags));
        return this;
    }

    /**
     * Logs in to {@code server} as its user with its client key, checking its real host key under
     * {@code hostAlias} ({@code HostKeyAlias}). Without a {@link #proxyCommand} the connection goes
     * straight to the server's port on 127.0.0.1; with one, through the proxy.
     */
    public SshCommand forServer(OpenSshServer server, String hostAlias) {
        this.server = Objects.requireNonNull(server, "server");
        identity(server.clientKey());
        knownHosts(server.knownHostsFile(hostAlias));
        user(server.user());
        host(hostAlias);
        return this;
    }

    /** ssh: the command to run on the server (words joined by ssh with spaces, run by the user's shell). */
    public SshCommand remoteCommand(String... words) {
        requireTool(Tool.SSH, "remoteCommand");
        operands.addAll(List.of(words));
        return this;
    }

    /** scp: copies a local file to {@code remotePath} on the host. */
    public SshCommand upload(Path local, String remotePath) {
        requireTool(Tool.SCP, "upload");
        operands.add(local.toString());
        operands.add(remote(remotePath));
        return this;
    }

    /** scp: copies {@code remotePath} on the host to a local file. */
    public SshCommand download(String remotePath, Path local) {
        requireTool(Tool.SCP, "download");
        operands.add(remote(remotePath));
        operands.add(local.toString());
        return this;
    }

    /** sftp: runs the commands of {@code file} ({@code -b}); sftp stops at the first that fails. */
    public SshCommand batch(Path file) {
        requireTool(Tool.SFTP, "batch");
        this.batchFile = Objects.requireNonNull(file, "file");
        return this;
    }

    /** The command line. */
    public List<String> command() {
        requireText("host", host);
        List<String> cmd = new ArrayList<>();
        cmd.add(program);
        cmd.add("-F");
        cmd.add("/dev/null");
        if (batchFile != null) {
            cmd.add("-b");
            cmd.add(batchFile.toString());
        }
        Map<String, String> all = new LinkedHashMap<>();
        all.put("BatchMode", "yes");
        if (identity != null) {
            all.put("IdentitiesOnly", "yes");
        }
        if (knownHosts != null) {
            all.put("UserKnownHostsFile", knownHosts.toString());
            all.put("GlobalKnownHostsFile", "/dev/null");
        }
        all.put("StrictHostKeyChecking", "yes");
        all.put("UpdateHostKeys", "no");
        all.put("ConnectTimeout", Long.toString(connectTimeout.toSeconds()));
        if (server != null) {
            all.put("HostKeyAlias", host);
            if (proxyCommand == null) {
                all.put("HostName", server.host());
                all.put("Port", Integer.toString(server.port()));
            }
        }
        if (proxyCommand != null) {
            all.put("ProxyCommand", proxyCommand);
        }
        if (port != null) {
            all.put("Port", Integer.toString(port));
        }
        if (user != null) {
            all.put("User", user);
        }
        all.putAll(options);
        all.forEach((name, value) -> {
            cmd.add("-o");
            cmd.add(name + "=" + value);
        });
        if (identity != null) {
            cmd.add("-i");
            cmd.add(identity.toString());
        }
        cmd.addAll(flags);
        if (tool != Tool.SCP) {
            cmd.add(host);
        }
        cmd.addAll(operands);
        return cmd;
    }

    /** A {@link ProcessBuilder} for {@link #command()}, with standard streams as pipes. */
    public ProcessBuilder processBuilder() {
        return new ProcessBuilder(command());
    }

    /** Runs the command with nothing on its standard input; see {@link Processes#run}. */
    public ProcessResult run(Duration timeout) {
        return Processes.run(processBuilder(), timeout);
    }

    /** Runs the command with {@code stdin} on its standard input, then end-of-file. */
    public ProcessResult run(Duration timeout, byte[] stdin) {
        return Processes.run(processBuilder(), timeout, stdin);
    }

    @Override
    public String toString() {
        return String.join(" ", command());
    }

    private String remote(String path) {
        requireText("host (set it before upload/download)", host);
        return host + ":" + requireText("remotePath", path);
    }

    private void requireTool(Tool expected, String what) {
        if (tool != expected) {
            throw new IllegalStateException(what + " is for " + expected.program() + ", not " + tool.program());
        }
    }

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: non-blank)");
        }
        return value;
    }
}
