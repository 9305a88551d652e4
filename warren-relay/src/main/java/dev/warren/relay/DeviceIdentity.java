package dev.warren.relay;

/** Who an agent session belongs to, from its client certificate and the registry. */
public record DeviceIdentity(String id, String name) {
    @Override
    public String toString() {
        return name + " (" + id + ")";
    }
}
