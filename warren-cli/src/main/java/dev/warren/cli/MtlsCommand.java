package dev.warren.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code warren mtls}: the mTLS double proxy. */
@Command(name = "mtls", mixinStandardHelpOptions = true,
        description = {"The mTLS double proxy: a local Unix socket or TCP port joined to another host's through mutual TLS.",
            "A Unix socket or TCP port on one host, joined to a Unix socket or TCP port on another through TLS 1.3 with client certificates on both sides (D-Bus, BlueChi, anything local).",
            "  forward: plain in, TLS out.  reverse: TLS in (allowed peer names only), plain out.  run: several from YAML."},
        subcommands = {MtlsForwardCommand.class, MtlsReverseCommand.class, MtlsRunCommand.class, CommandLine.HelpCommand.class})
final class MtlsCommand extends CommandGroup {
}
