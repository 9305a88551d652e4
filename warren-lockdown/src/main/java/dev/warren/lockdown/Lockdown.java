package dev.warren.lockdown;

import dev.warren.lockdown.internal.LineDiff;
import dev.warren.lockdown.internal.Nft;
import java.util.Optional;

/**
 * Applies, checks and removes Warren's rules on this host through {@code nft}. Both sides of every comparison are
 * nft's own listing ({@code nft -s list table inet warren}), the new side loaded in a scratch network namespace, so
 * a difference is a difference in rules, never in spelling or comments.
 */
public final class Lockdown {
    private final Nft nft;

    private Lockdown(Nft nft) {
        this.nft = nft;
    }

    /** Needs root and nft; fails with what is missing. */
    public static Lockdown onThisHost(String what) {
        Nft nft = Nft.find();
        Nft.requireRoot(what);
        return new Lockdown(nft);
    }

    /** What loading {@code script} would change: a diff, or empty when the live rules already match. */
    public String diff(String script) {
        String live = nft.listTable().orElse("");
        return LineDiff.diff(live, nft.normalise(script));
    }

    /** Loads the script in one transaction. */
    public void apply(String script) {
        nft.load(script);
    }

    /** Whether the live table is there at all. */
    public boolean present() {
        return nft.listTable().isPresent();
    }

    /** Removes Warren's table only; false when there was none. */
    public boolean remove() {
        return nft.deleteTable();
    }

    /** nft's objection to a script, if it has one ({@code nft -c}). */
    public Optional<String> validate(String script) {
        return nft.check(script);
    }
}
