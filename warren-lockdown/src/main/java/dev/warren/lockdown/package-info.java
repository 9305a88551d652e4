/**
 * {@code warren lockdown}: the nftables rule set that makes a container host air-gapped except for the relay
 * (and DNS, DHCP if asked), keeps its containers off the Internet and lets them reach only the agent's forwarder
 * ports. Starting points: {@link dev.warren.lockdown.LockdownPolicy} (what is allowed),
 * {@link dev.warren.lockdown.RuleSetRenderer} (the {@code table inet warren} script, with relay names resolved
 * through a {@link dev.warren.lockdown.AddressResolver}) and {@link dev.warren.lockdown.Lockdown} (apply with a
 * diff, check, remove, through {@code nft}). The threat model is in {@code docs/LOCKDOWN.md}.
 */
package dev.warren.lockdown;
