package dev.warren.testing.netns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warren.testing.openssh.ProcessResult;
import dev.warren.testing.openssh.Processes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetworkLabTest {

    @Test
    void routesThroughARouterAndNamespacesAreGoneAfterClose() {
        String ns;
        try (NetworkLab lab = new NetworkLab()) {
            Host left = lab.host("left");
            Host router = lab.host("router");
            Host right = lab.host("right");
            lab.link(left, 1, router, 2, "10.231.1");
            lab.link(router, 2, right, 1, "10.231.2");
            router.forwarding();
            left.route("default", "10.231.1.2");
            ns = left.namespace();

            // no route back yet: the far side cannot answer
            assertThat(left.run("ping", "-c", "1", "-W", "1", "10.231.2.1").succeeded()).isFalse();
            right.route("default", "10.231.2.2");
            left.exec("ping", "-c", "1", "-W", "2", "10.231.2.1");
            // a host sees only its own interfaces
            ProcessResult links = right.exec("ip", "-o", "addr", "show");
            assertThat(links.stdout()).contains("10.231.2.1").doesNotContain("10.231.1.1");
        }
        ProcessResult list = Processes.run(new ProcessBuilder("ip", "netns", "list"), Duration.ofSeconds(10));
        assertThat(list.stdout().lines().map(line -> line.split(" ", 2)[0])).doesNotContain(ns);
    }
}
