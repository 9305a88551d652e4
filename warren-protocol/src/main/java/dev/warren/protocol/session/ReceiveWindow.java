package dev.warren.protocol.session;

/**
 * The receive side of one stream's flow control: how much the peer may still send, and when to return credit.
 * Credit comes back in batches of half a window; when half a window drains in less than two round trips the window
 * is the bottleneck, so it doubles (up to a maximum) and grows towards the bandwidth-delay product.
 */
final class ReceiveWindow {
    private final int maxWindow;
    private int window;
    private int credit;
    private int unreturned;
    private long lastUpdateNanos;

    ReceiveWindow(int initialWindow, int maxWindow, long nowNanos) {
        this.window = initialWindow;
        this.credit = initialWindow;
        this.maxWindow = Math.max(maxWindow, initialWindow);
        this.lastUpdateNanos = nowNanos;
    }

    /** Takes received bytes from the credit; false when the peer sent more than it was given. */
    boolean onReceived(int bytes) {
        if (bytes > credit) {
            return false;
        }
        credit -= bytes;
        return true;
    }

    /** Bytes have left this side. Returns the WINDOW_UPDATE increment to send now, or 0 to keep batching. */
    int onConsumed(int bytes, long nowNanos, long smoothedRttNanos) {
        unreturned += bytes;
        if (unreturned < window / 2) {
            return 0;
        }
        int growth = 0;
        if (smoothedRttNanos > 0 && window < maxWindow && nowNanos - lastUpdateNanos < 2 * smoothedRttNanos) {
            int grown = (int) Math.min(2L * window, maxWindow);
            growth = grown - window;
            window = grown;
        }
        int increment = unreturned + growth;
        unreturned = 0;
        credit += increment;
        lastUpdateNanos = nowNanos;
        return increment;
    }

    int window() {
        return window;
    }

    int credit() {
        return credit;
    }
}
