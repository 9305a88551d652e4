package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.auth.Principal;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Redaction;
import dev.warren.store.Device;
import dev.warren.store.Grant;
import dev.warren.store.GrantQuery;
import dev.warren.store.Role;
import dev.warren.store.User;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finding what a request names, as the caller may see it. Admins and auditors see everything. An operator sees
 * themselves, and a device only while one of their live grants covers it: for any other device the answer is the
 * same 404 as for a device that does not exist, so that the API never tells an operator whether it does.
 */
final class Lookups {
    /** What a device id looks like: a deleted device's history can still be asked for by id. */
    static final Pattern DEVICE_ID = Pattern.compile("d_[a-z2-7]{16}");
    static final String ME = "me";

    private final ApiContext context;

    Lookups(ApiContext context) {
        this.context = context;
    }

    static boolean seesEverything(Principal p) {
        return p.role() == Role.ADMIN || p.role() == Role.AUDITOR;
    }

    /** The same message for a device that is absent and one the caller may not see. */
    static ApiException noDevice(String idOrName) {
        return ApiException.notFound("no device '" + Redaction.redact(idOrName) + "' (expected: a device id or name)");
    }

    static ApiException noUser(String idOrName) {
        return ApiException.notFound("no user '" + Redaction.redact(idOrName) + "' (expected: a user name or id)");
    }

    /** By id first (ids are {@code d_...}), then by name; whatever the caller may see. */
    Optional<Device> anyDevice(String idOrName) {
        if (idOrName == null || idOrName.isEmpty() || idOrName.length() > 128) {
            return Optional.empty();
        }
        Optional<Device> byId = context.store().devices().byId(idOrName);
        return byId.isPresent() ? byId : context.store().devices().byName(idOrName);
    }

    /** The device, if the caller may see it; otherwise 404 as for an absent one. */
    Device device(Call call, String idOrName) {
        Optional<Device> found = anyDevice(idOrName);
        if (found.isEmpty() || !visible(call.principal(), found.get(), liveGrants(call.principal()))) {
            throw noDevice(idOrName);
        }
        return found.get();
    }

    /** An operator's live grants; empty for others (who need none to see). */
    List<Grant> liveGrants(Principal p) {
        if (seesEverything(p)) {
            return List.of();
        }
        return context.store().grants().query(new GrantQuery(p.userId(), null, context.clock().instant(), 1000));
    }

    static boolean visible(Principal p, Device d, List<Grant> liveGrants) {
        return seesEverything(p) || liveGrants.stream().anyMatch(g -> g.covers(d.id(), d.labels()));
    }

    /** A user by name, id or {@code me}, for anyone who sees everything; an operator only finds themselves. */
    User user(Call call, String idOrName) {
        Principal p = call.principal();
        if (ME.equals(idOrName)) {
            return context.store().users().byId(p.userId()).orElseThrow(() -> noUser(idOrName));
        }
        Optional<User> found = anyUser(idOrName);
        if (found.isEmpty() || (!seesEverything(p) && !found.get().id().equals(p.userId()))) {
            throw noUser(idOrName);
        }
        return found.get();
    }

    /** A user the caller may change: admins any, operators themselves (auditors never reach here). */
    User ownOrAdmin(Call call, String idOrName) {
        User user = user(call, idOrName);
        if (!call.principal().isAdmin() && !user.id().equals(call.principal().userId())) {
            throw noUser(idOrName);
        }
        return user;
    }

    Optional<User> anyUser(String idOrName) {
        if (idOrName == null || idOrName.isEmpty() || idOrName.length() > 128) {
            return Optional.empty();
        }
        Optional<User> byId = context.store().users().byId(idOrName);
        return byId.isPresent() ? byId : context.store().users().byName(idOrName);
    }

    /** The name of a device that still exists, for views; {@code null} otherwise. */
    String deviceName(String deviceId) {
        return deviceId == null ? null : context.store().devices().byId(deviceId).map(Device::name).orElse(null);
    }
}
