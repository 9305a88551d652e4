package dev.warren.cli;

import dev.warren.mtls.MtlsConfig;
import dev.warren.mtls.MtlsConfigFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code warren mtls run --config FILE}: several tunnels in one process. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run every tunnel of a YAML file (forward and reverse, any mix) in one process.",
            "--check only validates the file and loads the certificates, then exits (0 when it would start)."})
final class MtlsRunCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The YAML file (docs/MTLS.md).")
    Path config;

    @Option(names = "--check", description = "Validate the file and exit.")
    boolean check;

    @Override
    public Integer call() {
        MtlsConfig parsed = MtlsConfigFile.read(config);
        if (check) {
            dev.warren.mtls.MtlsProxy.check(parsed);
            System.out.println(config + ": " + parsed.tunnels().size() + " tunnel(s), OK");
            return ExitCodes.OK;
        }
        return MtlsOptions.run(parsed);
    }
}
