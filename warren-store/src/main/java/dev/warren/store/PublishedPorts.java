package dev.warren.store;

import java.util.List;
import java.util.Optional;

/** The allocations of published ports: one port per device service, one service per port. */
public interface PublishedPorts {
    /**
     * Records {@code p}.
     *
     * @throws DuplicateNameException if the port is taken or the service is already published
     * @throws NotFoundException      if the device does not exist
     */
    void create(PublishedPort p);

    Optional<PublishedPort> byPort(int port);

    /** Every allocation, by port. */
    List<PublishedPort> list();

    /** Removes the allocation of {@code port}; false if there was none. */
    boolean delete(int port);
}
