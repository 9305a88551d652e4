package dev.warren.cli;

import picocli.CommandLine;

/** A command that only groups subcommands: given no subcommand, it prints its usage to standard error. */
@CommandLine.Command
abstract class CommandGroup implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
