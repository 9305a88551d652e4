package dev.warren.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.EpollIoOps;
import org.junit.jupiter.api.Test;

class HalfCloseSafeEpollTest {

    @Test
    void anEmptyInterestBecomesErrorsOnceEdgeTriggered() {
        assertThat(HalfCloseSafeEpoll.safe(EpollIoOps.NONE)).isSameAs(HalfCloseSafeEpoll.ERRORS_ONCE);
        assertThat(HalfCloseSafeEpoll.ERRORS_ONCE.contains(EpollIoOps.EPOLLERR)).isTrue();
        assertThat(HalfCloseSafeEpoll.ERRORS_ONCE.contains(EpollIoOps.EPOLLET)).isTrue();
    }

    @Test
    void anyOtherInterestPassesAsItIs() {
        EpollIoOps read = EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLRDHUP);
        assertThat(HalfCloseSafeEpoll.safe(read)).isSameAs(read);
        assertThat(HalfCloseSafeEpoll.safe(EpollIoOps.EPOLLOUT)).isSameAs(EpollIoOps.EPOLLOUT);
    }
}
