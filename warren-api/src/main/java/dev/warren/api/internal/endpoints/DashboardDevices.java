package dev.warren.api.internal.endpoints;

import dev.warren.api.internal.http.Call;
import dev.warren.api.internal.http.Reply;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;

/** The dashboard's devices: the table ({@code GET /ui/devices?q=&state=}). */
final class DashboardDevices {
    private final DashboardRequests requests;
    private final DeviceEndpoints devices;

    DashboardDevices(DashboardRequests requests, DeviceEndpoints devices) {
        this.requests = requests;
        this.devices = devices;
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
}
