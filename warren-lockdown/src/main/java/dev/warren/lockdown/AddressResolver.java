package dev.warren.lockdown;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns the relay's name into addresses when the rule set is made (nftables matches addresses, not names). A seam so
 * that tests resolve names deterministically.
 */
@FunctionalInterface
public interface AddressResolver {
    /** The system resolver: every IPv4 and IPv6 address of the name. */
    AddressResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    List<InetAddress> resolve(String host) throws UnknownHostException;
}
