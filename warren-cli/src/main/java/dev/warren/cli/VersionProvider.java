package dev.warren.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    static String version() {
        String v = Warren.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"warren " + version() + " (Java " + Runtime.version() + ")"};
    }
}
