package dev.warren.cli;

import dev.warren.transport.DialException;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code warren} command: one program for every part of Warren. */
@Command(
        name = "warren",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Secure, audited, just-in-time access to machines nobody can reach.")
public final class Warren implements Runnable {
    /** Commands whose output people read interactively: only warnings unless asked. */
    private static final Set<String> QUIET = Set.of("connect", "ssh", "admin", "login", "access", "pki");

    /**
     * The subcommands, in help order. picocli builds (by reflection) the model of every subcommand it is given, so a
     * command line that names one gets only that one: {@code agent run} must not carry the admin client's model (and
     * its classes) for months. Anything else (help, no command, a typo) gets them all.
     */
    private static final List<String> SUBCOMMANDS =
            List.of("relay", "agent", "gateway", "connect", "ssh", "login", "access", "admin", "quickstart", "mtls", "pki",
                    "lockdown", "help");

    /** A switch, not a table of constructor references: resolving one loads its class. */
    private static Object subcommand(String name) {
        return switch (name) {
            case "relay" -> new RelayCommand();
            case "agent" -> new AgentCommand();
            case "gateway" -> new GatewayCommand();
            case "connect" -> new ConnectCommand();
            case "ssh" -> new SshCommand();
            case "login" -> new LoginCommand();
            case "access" -> new AccessCommand();
            case "admin" -> new AdminCommand();
            case "quickstart" -> new QuickstartCommand();
            case "mtls" -> new MtlsCommand();
            case "pki" -> new PkiCommand();
            case "lockdown" -> new LockdownCommand();
            case "help" -> new CommandLine.HelpCommand();
            default -> throw new IllegalArgumentException("subcommand: " + name);
        };
    }

    @Spec
    CommandSpec spec;

    @CommandLine.Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Log debug details to standard error (also: WARREN_LOG_LEVEL=debug).")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        if (AgentRunArgs.parse(args).isPresent() && System.getProperty("logback.configurationFile") == null
                && System.getProperty("slf4j.provider") == null) {
            // the agent logs without logback (StderrLogProvider says why); chosen before the first logger exists
            System.setProperty("slf4j.provider", StderrLogProvider.class.getName());
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        int code = execute(args);
        Logs.flush();
        System.exit(code);
    }

    /** Runs a command line and returns its exit code (tests call this in-process). */
    public static int execute(String... args) {
        configureLogging(args);
        // the agent's own line, read without picocli (AgentRunArgs says why); any other line, and any line it does not
        // read in full, goes to picocli
        java.util.Optional<AgentRunCommand> agentRun = AgentRunArgs.parse(args);
        if (agentRun.isPresent()) {
            try {
                return agentRun.get().call();
            } catch (Exception e) {
                return failed(e);
            }
        }
        CommandLine cli = commandLine(command(args));
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> failed(e));
        CommandLine ssh = cli.getSubcommands().get("ssh");
        if (ssh != null) {
            // everything after `warren ssh [options] DESTINATION` belongs to ssh
            ssh.setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
        }
        cli.setParameterExceptionHandler((e, a) -> {
            // picocli starts some messages (an option group's) with its own "Error: "; ours says "warren: " already
            System.err.println("warren: " + e.getMessage().replaceFirst("^Error: ", ""));
            // a misspelt command or option: "Did you mean: warren admin grant?"
            CommandLine.UnmatchedArgumentException.printSuggestions(e, System.err);
            usageAfterError(e.getCommandLine());
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    /**
     * After a command-line error: a group ({@code warren}, {@code warren admin}) lists its commands, which a typo needs;
     * a command shows its synopsis and where the rest is, so that the error is not scrolled away by 40 lines of help.
     */
    private static void usageAfterError(CommandLine command) {
        if (!command.getSubcommands().isEmpty()) {
            command.usage(System.err);
            return;
        }
        CommandLine.Help help = command.getHelp();
        String heading = help.synopsisHeading();
        System.err.print(heading + help.synopsis(heading.length()));
        System.err.println("Run '" + command.getCommandSpec().qualifiedName() + " --help' for what each option means.");
    }

    /** The command line with the subcommand {@code named} alone, or with every one when it names none of them. */
    static CommandLine commandLine(String named) {
        CommandLine cli = new CommandLine(new Warren());
        boolean all = !SUBCOMMANDS.contains(named) || named.equals("help");
        for (String name : SUBCOMMANDS) {
            if (all || name.equals(named)) {
                cli.addSubcommand(name, subcommand(name));
            }
        }
        return cli;
    }

    private static int failed(Exception e) {
        if (e instanceof CommandFailure f) {
            System.err.println("warren: " + f.getMessage());
            return f.exitCode();
        }
        if (e instanceof IllegalArgumentException) {
            System.err.println("warren: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if ((e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException
                || e instanceof dev.warren.pki.PkiException) && e.getMessage() != null) {
            // our own run-time failures say what failed in their message; the class name is noise to a user
            System.err.println("warren: " + e.getMessage());
            org.slf4j.LoggerFactory.getLogger(Warren.class).debug("failure", e);
            return ExitCodes.FAILURE;
        }
        if (e instanceof DialException d) {
            System.err.println("warren: " + d.getMessage());
            return d.code() == dev.warren.protocol.ErrorCode.UNAUTHENTICATED ? ExitCodes.UNAUTHENTICATED
                    : ExitCodes.FAILURE;
        }
        System.err.println("warren: " + e);
        org.slf4j.LoggerFactory.getLogger(Warren.class).debug("failure", e);
        return ExitCodes.FAILURE;
    }

    /** The subcommand: the first argument that is not an option (the top level's options take no values); "" if none. */
    private static String command(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a;
            }
        }
        return "";
    }

    /** Sets the log level before the first logger exists: -v/--verbose, WARREN_LOG_LEVEL, or per command. */
    private static void configureLogging(String[] args) {
        if (System.getProperty("warren.log.level") != null) {
            return;
        }
        System.setProperty("warren.log.level", logLevel(args, System.getenv("WARREN_LOG_LEVEL")));
    }

    /** The log level of a command line: DEBUG with -v, else {@code fromEnv} if set, else the command's own. */
    static String logLevel(String[] args, String fromEnv) {
        boolean verbose = false;
        boolean listen = false;
        String command = null;
        for (String a : args) {
            if (a.equals("-v") || a.equals("--verbose")) {
                verbose = true;
            } else if (command == null && !a.startsWith("-")) {
                command = a;
            }
            listen |= a.equals("--listen") || a.startsWith("--listen=");
        }
        String level = fromEnv;
        if (verbose) {
            level = "DEBUG";
        } else if (level == null) {
            // `connect --listen` runs on, like `ssh -L`, and its stderr is where a stream's end shows: a grant revoked,
            // a session cut. Its streams log nothing when they end cleanly, so INFO costs no noise
            boolean quiet = command != null && QUIET.contains(command) && !(command.equals("connect") && listen);
            level = quiet ? "WARN" : "INFO";
        }
        return level.toUpperCase(java.util.Locale.ROOT);
    }
}
