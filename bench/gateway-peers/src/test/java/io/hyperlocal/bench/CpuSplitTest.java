package io.hyperlocal.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuSplitTest {
    private static final String LOOP = "[vert.x-eventloop-thread-1 tid=8029]";
    private static final String DISPATCH = LOOP + ";java/lang/Thread.run;io/netty/channel/epoll/EpollEventLoop.run;"
            + "io/hyperlocal/server/gateway/GatewayRoutes.lambda$mount$1;io/hyperlocal/server/gateway/CompletionsHandler.handle";

    private static CpuSplit.Part part(String stack) {
        return CpuSplit.part(stack.split(";"));
    }

    @Test
    void aGenericHelperCountsForTheFeatureThatCalledIt() {
        assertThat(part(DISPATCH + ";io/hyperlocal/server/gateway/CompletionsHandler.body;"
                + "io/hyperlocal/server/gateway/Json.read;com/fasterxml/jackson/core/json/UTF8StreamJsonParser.nextToken"))
                .isEqualTo(CpuSplit.Part.REQUEST);
        // The route summary lives in the routing module but is written into the answer's headers.
        assertThat(part(DISPATCH + ";io/hyperlocal/server/gateway/CompletionStream.markServingSite;"
                + "io/hyperlocal/routing/Route.summary;io/hyperlocal/routing/Route.twoDecimals"))
                .isEqualTo(CpuSplit.Part.ANSWER_WRITE);
        assertThat(part(DISPATCH + ";io/hyperlocal/server/gateway/Routing.route;io/hyperlocal/routing/Router.route"))
                .isEqualTo(CpuSplit.Part.ROUTING);
    }

    @Test
    void theDeepestFeatureWins() {
        // Metering runs inside the answer's completion, which runs inside the dispatch.
        assertThat(part(DISPATCH + ";io/hyperlocal/engines/remote/RemoteGeneration.finish;"
                + "io/hyperlocal/server/metering/MeteredRequest.completed;io/hyperlocal/server/metering/UsageEvents.line"))
                .isEqualTo(CpuSplit.Part.METERING);
    }

    @Test
    void codeOutsideTheFeaturesGoesToTheDeepestOfOwnCodeOrFramework() {
        assertThat(part(DISPATCH + ";io/hyperlocal/server/federation/VertxStreamTransport$VertxCall.start;"
                + "io/vertx/core/http/impl/HttpClientImpl.request;java/util/HashMap.get"))
                .isEqualTo(CpuSplit.Part.FRAMEWORK);
        assertThat(part(DISPATCH + ";io/hyperlocal/server/gateway/Exchange.begin;java/lang/String.equals"))
                .isEqualTo(CpuSplit.Part.OWN_OTHER);
        assertThat(part(LOOP + ";java/lang/Thread.run;io/netty/channel/epoll/EpollEventLoop.run"))
                .isEqualTo(CpuSplit.Part.FRAMEWORK);
    }

    @Test
    void kernelTimeGoesByTheSystemCallItEnteredBy() {
        String send = DISPATCH + ";io/vertx/core/net/impl/ConnectionBase.write;writev;entry_SYSCALL_64_after_hwframe_[k];"
                + "do_writev_[k];tcp_sendmsg_[k]";
        assertThat(part(send)).isEqualTo(CpuSplit.Part.KERNEL_SEND);
        assertThat(part(LOOP + ";io/netty/channel/epoll/Native.epollWait0;epoll_pwait2;entry_SYSCALL_64_after_hwframe_[k];"
                + "do_epoll_wait_[k];schedule_[k]")).isEqualTo(CpuSplit.Part.KERNEL_EPOLL);
        assertThat(part(LOOP + ";io/netty/channel/epoll/AbstractEpollStreamChannel.doReadBytes;recv;"
                + "entry_SYSCALL_64_after_hwframe_[k];tcp_recvmsg_[k]")).isEqualTo(CpuSplit.Part.KERNEL_RECEIVE);
        assertThat(part(DISPATCH + ";io/hyperlocal/server/metering/Journal.writeQueued;sun/nio/ch/FileDispatcherImpl.write0;"
                + "__GI_write;entry_SYSCALL_64_after_hwframe_[k];ext4_file_write_iter_[k]"))
                .isEqualTo(CpuSplit.Part.KERNEL_JOURNAL);
        assertThat(part(DISPATCH + ";java/util/Arrays.copyOf;asm_exc_page_fault_[k];exc_page_fault_[k]"))
                .isEqualTo(CpuSplit.Part.KERNEL_OTHER);
    }

    @Test
    void otherThreadsGoByName() {
        assertThat(part("[C2 CompilerThre tid=12];Compile::Compile")).isEqualTo(CpuSplit.Part.JIT);
        assertThat(part("[GC Thread#0 tid=13];G1ParTask::work")).isEqualTo(CpuSplit.Part.GC);
        assertThat(part("[usage-shipper tid=14];java/lang/Thread.run")).isEqualTo(CpuSplit.Part.SHIPPER);
        assertThat(part("[hyperlocal-quota tid=15];java/lang/Thread.run")).isEqualTo(CpuSplit.Part.OTHER_THREADS);
    }

    @Test
    void theTableGivesMicrosecondsARequestAndTheDifference() {
        var bare = new CpuSplit.Peer("bare-vertx", CpuSplit.split(List.of(
                LOOP + ";io/netty/channel/epoll/EpollEventLoop.run;writev;do_writev_[k] 300",
                LOOP + ";io/netty/channel/epoll/EpollEventLoop.run 100")), 35.0);
        var hyperlocal = new CpuSplit.Peer("hyperlocal", CpuSplit.split(List.of(
                LOOP + ";io/netty/channel/epoll/EpollEventLoop.run;writev;do_writev_[k] 350",
                DISPATCH + ";io/hyperlocal/server/access/GatewayAdmission.admit 50",
                "",
                "[C2 CompilerThre tid=12];Compile::Compile 25")), 60.0);

        // 1,000 requests sampled every 100 µs: 300 samples are 30 µs a request.
        String table = CpuSplit.table(List.of(bare, hyperlocal), 1_000, 100);

        assertThat(table).contains("| kernel: sends (to the upstream, to the client) | 30.0 | 35.0 | +5.0 |");
        assertThat(table).contains("| Hyperlocal: authentication, entitlement, rate limits | 0.0 | 5.0 | +5.0 |");
        assertThat(table).contains("| other threads: JIT compilers | 0.0 | 2.5 | +2.5 |");
        assertThat(table).contains("| **total sampled** | 40.0 | 42.5 | +2.5 |");
        assertThat(table).contains("| CPU a request from /proc, without the profiler | 35.0 | 60.0 | +25.0 |");
        assertThat(table).doesNotContain("routing");
    }

    @Test
    void aProfileWithoutThreadsOrCountsIsRefusedWithTheReason() {
        assertThatThrownBy(() -> CpuSplit.split(List.of("java/lang/Thread.run;writev 12")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'threads' option");
        assertThatThrownBy(() -> CpuSplit.split(List.of(LOOP + ";java/lang/Thread.run twelve")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no sample count");
        assertThat(CpuSplit.split(List.of(""))).isEqualTo(Map.of());
    }
}
