package dev.warren.relay;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents connected to this relay node, by device id and by name, and the services an admin disabled on each.
 * Operators' opens are routed from here without a database round trip. A device has one link at a time: a newer
 * connection replaces an older one.
 */
public final class AgentRegistry {
    private final Map<String, AgentLink> byId = new ConcurrentHashMap<>();
    private final Map<String, AgentLink> byName = new ConcurrentHashMap<>();
    /** Read from the registry when the agent is admitted, kept current by admins' actions on this node. */
    private final Map<String, Set<String>> disabledServices = new ConcurrentHashMap<>();

    /** Registers {@code link}; returns the link it replaced, if any (the caller closes it). */
    public AgentLink register(AgentLink link) {
        AgentLink previous = byId.put(link.device().id(), link);
        if (previous != null && !previous.device().name().equals(link.device().name())) {
            byName.remove(previous.device().name(), previous);
        }
        byName.put(link.device().name(), link);
        return previous;
    }

    /** Removes {@code link} if it is still the current one; true if it was. */
    public boolean unregister(AgentLink link) {
        boolean removed = byId.remove(link.device().id(), link);
        byName.remove(link.device().name(), link);
        return removed;
    }

    /** The link for a device named by id or by name. */
    public AgentLink find(String idOrName) {
        AgentLink link = byName.get(idOrName);
        return link != null ? link : byId.get(idOrName);
    }

    public AgentLink byId(String id) {
        return byId.get(id);
    }

    public Collection<AgentLink> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }

    /** The services of {@code deviceId} an admin disabled, as this node knows them. */
    public Set<String> disabledServices(String deviceId) {
        return disabledServices.getOrDefault(deviceId, Set.of());
    }

    void setDisabledServices(String deviceId, Set<String> services) {
        if (services.isEmpty()) {
            disabledServices.remove(deviceId);
        } else {
            disabledServices.put(deviceId, Set.copyOf(services));
        }
    }

    void serviceDisabled(String deviceId, String service, boolean disabled) {
        disabledServices.compute(deviceId, (id, current) -> {
            java.util.HashSet<String> next = new java.util.HashSet<>(current == null ? Set.of() : current);
            if (disabled) {
                next.add(service);
            } else {
                next.remove(service);
            }
            return next.isEmpty() ? null : Set.copyOf(next);
        });
    }
}
