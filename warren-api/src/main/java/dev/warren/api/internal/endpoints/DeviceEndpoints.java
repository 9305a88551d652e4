package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.Device;
import java.util.Optional;

/** {@code GET /devices} and {@code GET /devices/{idOrName}}: the registry, with this node's live view. */
final class DeviceEndpoints {
    private final ApiContext context;

    DeviceEndpoints(ApiContext context) {
        this.context = context;
    }

    Reply list(Call call) {
        return Reply.ok(context.store().devices().list().stream().map(this::view).toList());
    }

    Reply get(Call call) {
        String idOrName = call.param("idOrName");
        return Reply.ok(view(find(context, idOrName).orElseThrow(() ->
                ApiException.notFound("no device '" + Redaction.redact(idOrName) + "' (expected: a device id or name)"))));
    }

    /** By id first (ids are {@code d_...} and names cannot contain '_' at the start), then by name. */
    static Optional<Device> find(ApiContext context, String idOrName) {
        if (idOrName == null || idOrName.isEmpty() || idOrName.length() > 128) {
            return Optional.empty();
        }
        Optional<Device> byId = context.store().devices().byId(idOrName);
        return byId.isPresent() ? byId : context.store().devices().byName(idOrName);
    }

    private Views.DeviceView view(Device d) {
        boolean live = context.relay().isOnline(d.id());
        return Views.DeviceView.of(d, live, live ? context.relay().services(d.id()) : java.util.Set.of(),
                context.relay().nodeId());
    }
}
