package dev.warren.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code warren pki}: a small CA in a directory of PEM files. */
@Command(name = "pki", mixinStandardHelpOptions = true,
        description = "A small CA: make one, issue, renew and list certificates as PEM files openssl, HAProxy and stunnel read.",
        subcommands = {PkiInitCommand.class, PkiIssueCommand.class, PkiRenewCommand.class, PkiListCommand.class,
            CommandLine.HelpCommand.class})
final class PkiCommand extends CommandGroup {
}
