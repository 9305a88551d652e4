package dev.warren.api.internal.endpoints;

import dev.warren.api.dashboard.Html;
import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Reply;
import dev.warren.store.TrafficQuery;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The dashboard's devices: the table ({@code GET /ui/devices?q=&state=}), a device's page and its traffic as JSON
 * for the chart. Each shows exactly what the REST API shows the same user (an operator: the devices their live
 * grants cover; any other device is the same 404 as an absent one).
 */
final class DashboardDevices {
    static final int RECENT_SESSIONS = 20;

    private final DashboardRequests requests;
    private final DeviceEndpoints devices;
    private final SessionEndpoints sessions;
    private final TrafficEndpoints traffic;
    private final Clock clock;

    DashboardDevices(DashboardRequests requests, DeviceEndpoints devices, SessionEndpoints sessions,
            TrafficEndpoints traffic, Clock clock) {
        this.requests = requests;
        this.devices = devices;
        this.sessions = sessions;
        this.traffic = traffic;
        this.clock = clock;
    }

    /**
     * {@code GET /ui/devices?q=&state=}: what {@code GET /api/v1/devices} lets the same user see, filtered by
     * {@link DeviceFilter} (search in names and labels, online or offline only).
     */
    Reply list(Call call) {
        return requests.signedInPage(call, who -> {
            DeviceFilter filter = DeviceFilter.of(call.request().query());
            List<Views.DeviceView> visible = devices.visibleTo(who.principal());
            return DashboardRequests.page(HttpResponseStatus.OK, DashboardDevicesHtml.devices(who.principal(),
                    who.session(), filter, visible.size(), visible.stream().filter(filter::matches).toList()), null);
        });
    }

    /**
     * {@code GET /ui/devices/{name}?range=}: identity, services, recent sessions and traffic over time (as
     * {@code GET /api/v1/devices/{d}}, {@code /sessions?device=} and {@code /traffic?device=} show them); admins also
     * get the device's actions.
     */
    Reply page(Call call) {
        return requests.signedInPage(call, who -> {
            Call as = DashboardRequests.as(call, who.principal());
            Views.DeviceView device = devices.visible(as, call.param("name"));
            TrafficRange range = TrafficRange.of(call.request().query());
            return DashboardRequests.page(HttpResponseStatus.OK, DashboardDeviceHtml.page(who.principal(),
                    who.session(), device, sessions.ofDevice(who.principal(), device.id(), RECENT_SESSIONS), range,
                    traffic(as, device, range)), null);
        });
    }

    /** {@code GET /ui/live/devices?q=&state=}: the table's live part ({@link DashboardDevicesHtml#live}). */
    Reply listLive(Call call) {
        return requests.signedInFragment(call, who -> {
            DeviceFilter filter = DeviceFilter.of(call.request().query());
            List<Views.DeviceView> visible = devices.visibleTo(who.principal());
            Html h = new Html();
            DashboardDevicesHtml.live(h, visible.size(), visible.stream().filter(filter::matches).toList());
            return DashboardRequests.fragment(h);
        });
    }

    /** {@code GET /ui/live/devices/{name}?range=}: the device page's live parts ({@link DashboardDeviceHtml#live}). */
    Reply pageLive(Call call) {
        return requests.signedInFragment(call, who -> {
            Call as = DashboardRequests.as(call, who.principal());
            Views.DeviceView device = devices.visible(as, call.param("name"));
            TrafficRange range = TrafficRange.of(call.request().query());
            Html h = new Html();
            DashboardDeviceHtml.live(h, who.principal(), who.session(), device, sessions.ofDevice(who.principal(),
                    device.id(), RECENT_SESSIONS), range, traffic(as, device, range));
            return DashboardRequests.fragment(h);
        });
    }

    /** {@code GET /ui/devices/{name}/traffic.json?range=}: the chart's data, the shape of {@code GET /api/v1/traffic}. */
    Reply trafficJson(Call call) {
        return requests.signedInFragment(call, who -> {
            Call as = DashboardRequests.as(call, who.principal());
            Views.DeviceView device = devices.visible(as, call.param("name"));
            return DashboardRequests.json(traffic(as, device, TrafficRange.of(call.request().query())));
        });
    }

    private Views.TrafficView traffic(Call as, Views.DeviceView device, TrafficRange range) {
        Instant now = clock.instant();
        return traffic.view(as, device.id(), null, now.minus(range.length), now, range.stepSeconds(),
                TrafficQuery.Grouping.TOTAL);
    }
}
