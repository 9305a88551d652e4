package dev.warren.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReceiveWindowTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void creditReturnsInBatchesOfHalfAWindow() {
        ReceiveWindow w = new ReceiveWindow(1000, 1000, 0);
        assertThat(w.onReceived(600)).isTrue();
        assertThat(w.onConsumed(400, 100 * MS, 0)).isZero();
        assertThat(w.onConsumed(200, 200 * MS, 0)).isEqualTo(600);
        assertThat(w.credit()).isEqualTo(1000);
    }

    @Test
    void receivingMoreThanTheCreditIsRefused() {
        ReceiveWindow w = new ReceiveWindow(1000, 1000, 0);
        assertThat(w.onReceived(1000)).isTrue();
        assertThat(w.onReceived(1)).isFalse();
    }

    @Test
    void windowDoublesWhenItDrainsWithinTwoRoundTrips() {
        ReceiveWindow w = new ReceiveWindow(1000, 4000, 0);
        long rtt = 10 * MS;
        w.onReceived(500);
        // half the window drained in 5 ms < 2 RTT: the window is the bottleneck
        assertThat(w.onConsumed(500, 5 * MS, rtt)).isEqualTo(500 + 1000);
        assertThat(w.window()).isEqualTo(2000);
        w.onReceived(1000);
        assertThat(w.onConsumed(1000, 10 * MS, rtt)).isEqualTo(1000 + 2000);
        assertThat(w.window()).isEqualTo(4000);
        w.onReceived(2000);
        assertThat(w.onConsumed(2000, 15 * MS, rtt)).as("capped at the maximum").isEqualTo(2000);
        assertThat(w.window()).isEqualTo(4000);
    }

    @Test
    void windowStaysWhenTheReaderIsTheBottleneck() {
        ReceiveWindow w = new ReceiveWindow(1000, 4000, 0);
        w.onReceived(500);
        assertThat(w.onConsumed(500, 100 * MS, 10 * MS)).isEqualTo(500);
        assertThat(w.window()).isEqualTo(1000);
    }

    @Test
    void withoutAnRttSampleTheWindowDoesNotGrow() {
        ReceiveWindow w = new ReceiveWindow(1000, 4000, 0);
        w.onReceived(500);
        assertThat(w.onConsumed(500, 1, 0)).isEqualTo(500);
    }
}
