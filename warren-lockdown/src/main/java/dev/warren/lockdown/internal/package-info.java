/**
 * How {@code warren lockdown} talks to the system: {@link dev.warren.lockdown.internal.Nft} runs the {@code nft}
 * program (and normalises a script by loading it into a scratch network namespace), {@link
 * dev.warren.lockdown.internal.LineDiff} shows what a change does.
 */
package dev.warren.lockdown.internal;
