package dev.warren.store;

import dev.warren.store.internal.Checks;
import java.time.Instant;

/**
 * What one relay node counted for one device service in one minute: added to that minute's row by
 * {@link Traffic#add}.
 *
 * @param minute          the start of the minute (seconds and below are dropped)
 * @param bytesToDevice   bytes operators sent to the device in that minute
 * @param bytesFromDevice bytes the device sent back
 * @param sessions        sessions opened in that minute
 */
public record TrafficSample(Instant minute, String deviceId, String deviceName, String service, long bytesToDevice,
        long bytesFromDevice, long sessions) {

    public TrafficSample {
        minute = Instant.ofEpochSecond(Traffic.floor(Checks.notNull("minute", minute).getEpochSecond(), Traffic.MINUTE));
        Checks.text("deviceId", deviceId, Checks.ID);
        Checks.text("deviceName", deviceName, Checks.NAME);
        Checks.text("service", service, Checks.NAME);
        Checks.nonNegative("bytesToDevice", bytesToDevice);
        Checks.nonNegative("bytesFromDevice", bytesFromDevice);
        Checks.nonNegative("sessions", sessions);
    }

    public boolean isEmpty() {
        return bytesToDevice == 0 && bytesFromDevice == 0 && sessions == 0;
    }
}
