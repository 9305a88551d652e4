package dev.warren.cli;

import dev.warren.transport.DialException;
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
        description = "Secure, audited, just-in-time access to machines nobody can reach.",
        subcommands = {
            RelayCommand.class,
            AgentCommand.class,
            ConnectCommand.class,
            SshCommand.class,
            LoginCommand.class,
            AdminCommand.class,
            QuickstartCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Warren implements Runnable {
    /** Commands whose output people read interactively: only warnings unless asked. */
    private static final Set<String> QUIET = Set.of("connect", "ssh", "admin", "login");

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
        int code = execute(args);
        Logs.flush();
        System.exit(code);
    }

    /** Runs a command line and returns its exit code (tests call this in-process). */
    public static int execute(String... args) {
        configureLogging(args);
        CommandLine cli = new CommandLine(new Warren());
        cli.setExecutionExceptionHandler(Warren::failed);
        // everything after `warren ssh [options] DESTINATION` belongs to ssh
        cli.getSubcommands().get("ssh").setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
        cli.setParameterExceptionHandler((e, a) -> {
            System.err.println("warren: " + e.getMessage());
            e.getCommandLine().usage(System.err);
            return ExitCodes.USAGE;
        });
        return cli.execute(args);
    }

    private static int failed(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        if (e instanceof CommandFailure f) {
            System.err.println("warren: " + f.getMessage());
            return f.exitCode();
        }
        if (e instanceof IllegalArgumentException) {
            System.err.println("warren: " + e.getMessage());
            return ExitCodes.USAGE;
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

    /** Sets the log level before the first logger exists: -v/--verbose, WARREN_LOG_LEVEL, or per command. */
    private static void configureLogging(String[] args) {
        if (System.getProperty("warren.log.level") != null) {
            return;
        }
        String level = System.getenv("WARREN_LOG_LEVEL");
        boolean verbose = false;
        String command = null;
        for (String a : args) {
            if (a.equals("-v") || a.equals("--verbose")) {
                verbose = true;
            } else if (command == null && !a.startsWith("-")) {
                command = a;
            }
        }
        if (verbose) {
            level = "DEBUG";
        } else if (level == null) {
            level = command != null && QUIET.contains(command) ? "WARN" : "INFO";
        }
        System.setProperty("warren.log.level", level.toUpperCase(java.util.Locale.ROOT));
    }
}
