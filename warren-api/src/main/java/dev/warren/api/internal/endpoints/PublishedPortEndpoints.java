package dev.warren.api.internal.endpoints;

import dev.warren.api.ApiContext;
import dev.warren.api.RelayControl;
import dev.warren.api.internal.http.ApiException;
import dev.warren.api.internal.http.Body;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Redaction;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.Device;
import dev.warren.store.DuplicateNameException;
import dev.warren.store.PublishedPort;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /published-ports}: device services on relay ports for clients without Warren. Admins publish and unpublish;
 * admins and auditors list. Off (409 saying how to turn it on) unless the relay was started with a range, a bind
 * address and a source allow-list.
 */
final class PublishedPortEndpoints {
    private static final Set<String> FIELDS = Set.of("device", "service", "port");

    private final ApiContext context;
    private final Lookups lookups;
    private final AuditTrail audit;

    PublishedPortEndpoints(ApiContext context, Lookups lookups, AuditTrail audit) {
        this.context = context;
        this.lookups = lookups;
        this.audit = audit;
    }

    private RelayControl.Publishing publishing() {
        return context.control().publishing().orElseThrow(() -> ApiException.conflict(RelayControl.PUBLISHING_OFF));
    }

    /** {@code POST /published-ports {"device","service","port"?}} → 201 the publication. */
    Reply create(Call call) {
        publishing();
        Body body = Body.of(call.request().body(), false, FIELDS);
        Device device = lookups.device(call, body.text("device", true));
        String service = body.text("service", true);
        if (!DeviceEndpoints.SERVICE.matcher(service).matches()) {
            throw ApiException.badRequest("service: '" + Redaction.redact(service)
                    + "' (expected: lowercase letters, digits, '.', '_' or '-', 1..63)");
        }
        int port = body.integer("port", 1, 65535, 0);
        // said here in names (the store's own refusal can only say "port P or service S of device d_... ", and P is
        // the port that would have been picked, not the one in the way); the store's unique keys still decide races
        for (var existing : context.store().publishedPorts().list()) {
            if (existing.deviceId().equals(device.id()) && existing.service().equals(service)) {
                throw ApiException.conflict("service '" + service + "' of device '" + device.name()
                        + "' is already published on port " + existing.port() + " (one port per service; to move it:"
                        + " warren admin publish delete " + existing.port() + ")");
            }
            if (existing.port() == port) {
                throw ApiException.conflict("port " + port + " is already published, for service '" + existing.service()
                        + "' of device '" + lookups.deviceName(existing.deviceId()) + "'");
            }
        }
        RelayControl.Publication p;
        try {
            p = context.control().publish(device.id(), service, port == 0 ? null : port, call.principal().name());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (DuplicateNameException | IllegalStateException e) {
            throw ApiException.conflict(e.getMessage());
        }
        audit.record(audit.by(call, "port.publish").target(String.valueOf(p.port())).device(device.id())
                .detail("device", device.name()).detail("service", service).detail("bind", p.bind()));
        return Reply.created(view(p, device.name()));
    }

    /** {@code GET /published-ports}: every allocation, with whether its listener is up. */
    Reply list(Call call) {
        RelayControl.Publishing publishing = publishing();
        return Reply.ok(new Views.PublishingView(publishing.firstPort(), publishing.lastPort(), publishing.bind(),
                publishing.allow(), context.store().publishedPorts().list().stream()
                        .map(p -> view(new RelayControl.Publication(p.port(), p.deviceId(), p.service(), p.createdBy(),
                                p.createdAt(), publishing.bind(), publishing.listening().test(p.port())),
                                lookups.deviceName(p.deviceId())))
                        .toList()));
    }

    /** {@code DELETE /published-ports/{port}}: stops listening and ends its connections; 204. */
    Reply delete(Call call) {
        publishing();
        String text = call.param("port");
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("port: '" + Redaction.redact(text) + "' (expected: a port number)");
        }
        Optional<PublishedPort> p = port > 0 && port <= 65535 ? context.store().publishedPorts().byPort(port)
                : Optional.empty();
        if (p.isEmpty()) {
            throw ApiException.notFound("no published port " + port + " (expected: one GET /api/v1/published-ports"
                    + " lists)");
        }
        context.control().unpublish(port, "port " + port + " unpublished by " + call.principal().name());
        audit.record(audit.by(call, "port.unpublish").target(String.valueOf(port)).device(p.get().deviceId())
                .detail("service", p.get().service()));
        return Reply.noContent();
    }

    private static Views.PublishedPortView view(RelayControl.Publication p, String deviceName) {
        return new Views.PublishedPortView(p.port(), p.bind(), p.deviceId(), deviceName, p.service(), p.createdBy(),
                p.createdAt(), p.listening());
    }
}
