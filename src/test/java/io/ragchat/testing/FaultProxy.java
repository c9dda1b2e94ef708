package io.ragchat.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * A TCP proxy between the service and a shared dependency (PostgreSQL), so a test can take the dependency
 * away from this service alone: {@link #down()} closes every open connection and closes each new one as
 * soon as it is accepted; {@link #silent()} accepts new connections but never answers on them (a server
 * that hangs, or packets lost on the way); {@link #up()} forwards again. The real server keeps running
 * for everyone else.
 */
public final class FaultProxy implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    private final String targetHost;
    private final int targetPort;
    private final NetClient client;
    private final NetServer server;
    private volatile Mode mode = Mode.FORWARD;

    private enum Mode {
        FORWARD, DOWN, SILENT
    }

    private FaultProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.client = vertx.createNetClient();
        this.server = vertx.createNetServer().connectHandler(this::accept);
    }

    /** Starts a proxy on a free port of 127.0.0.1, forwarding to {@code host:port}. */
    public static FaultProxy start(String host, int port) {
        FaultProxy proxy = new FaultProxy(host, port);
        await(proxy.server.listen(0, "127.0.0.1"));
        return proxy;
    }

    public int port() {
        return server.actualPort();
    }

    /** The dependency is gone: open connections are closed, new ones are closed once accepted. */
    public void down() {
        mode = Mode.DOWN;
        open.forEach(NetSocket::close);
    }

    /** The dependency hangs: open connections are closed, new ones are accepted and left unanswered. */
    public void silent() {
        mode = Mode.SILENT;
        open.forEach(NetSocket::close);
    }

    /** The dependency is back; connections left unanswered are closed. */
    public void up() {
        mode = Mode.FORWARD;
        open.forEach(NetSocket::close);
    }

    private void accept(NetSocket inbound) {
        if (mode == Mode.DOWN) {
            inbound.close();
            return;
        }
        inbound.pause();
        if (mode == Mode.SILENT) {
            open.add(inbound);
            inbound.closeHandler(ignored -> open.remove(inbound));
            return;
        }
        client.connect(targetPort, targetHost).onComplete(connected -> {
            if (connected.failed() || mode != Mode.FORWARD) {
                inbound.close();
                if (connected.succeeded()) {
                    connected.result().close();
                }
                return;
            }
            NetSocket outbound = connected.result();
            open.add(inbound);
            open.add(outbound);
            inbound.closeHandler(ignored -> {
                open.remove(inbound);
                outbound.close();
            });
            outbound.closeHandler(ignored -> {
                open.remove(outbound);
                inbound.close();
            });
            inbound.pipeTo(outbound);
            outbound.pipeTo(inbound);
        });
    }

    @Override
    public void close() {
        down();
        await(vertx.close());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Fault proxy: " + e.getMessage(), e);
        }
    }
}
