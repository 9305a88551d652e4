package dev.warren.cli;

import dev.warren.store.Grant;
import java.time.Duration;

/** How long a grant lasts ({@code --for}): from 1 s to {@link Grant#MAX_DURATION}, as the API accepts. */
final class GrantDurations extends BoundedDurations {
    GrantDurations() {
        super(Duration.ofSeconds(1), Grant.MAX_DURATION);
    }
}
