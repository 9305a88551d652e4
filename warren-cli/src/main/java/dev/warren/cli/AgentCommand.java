package dev.warren.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code warren agent}: the device side. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "The device agent: enroll once, then run. It only dials out.",
        subcommands = {AgentEnrollCommand.class, AgentRunCommand.class, CommandLine.HelpCommand.class})
final class AgentCommand extends CommandGroup {
}
