package io.ragchat.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;

/**
 * Watches the application's Vert.x event-loop threads while a test runs and reports every moment one of
 * them was seen blocked. Every millisecond or so it takes the stack of each event-loop thread (its threads
 * are found by running a task on each of the application's event loops, so the simulator's own event loop
 * in the same JVM is not watched) and keeps a sample that shows:
 * <ul>
 * <li>the thread parked, sleeping or waiting ({@code WAITING}, {@code TIMED_WAITING}): an idle event loop
 * sits in its selector, which is {@code RUNNABLE}, so any wait is something blocking it ({@code await()},
 * {@code Thread.sleep}, a lock, a blocking queue, a future's {@code get()});</li>
 * <li>the thread waiting for a monitor ({@code BLOCKED}) in two samples in a row at the same frame, so a
 * contended {@code synchronized} held for more than an instant;</li>
 * <li>the thread running a blocking or heavy API: the JDBC driver, a blocking socket or file read, or the
 * in-process embedding model (ONNX Runtime, the tokenizer) or a file's parsing (Tika, PDFBox, POI, jsoup),
 * which belong on a worker thread.</li>
 * </ul>
 * Class loading on first use is left out (the JVM reads class files wherever a class is first needed), and
 * so are the loop's idle wait in its selector and console writes of the logger. Unlike Vert.x's own blocked-thread checker this needs no time limit,
 * so a GC pause or a busy machine cannot trip it, and a block of a few milliseconds is caught as surely as
 * a long one.
 */
public final class EventLoopWatch implements AutoCloseable {

    private static final int STACK_DEPTH = 200;
    /**
     * Blocking calls: the JDBC driver's connections and statements (not its value types, which the reactive client
     * uses too), and heavy ones: the embedding model and the parsers of uploaded files.
     */
    private static final List<String> BLOCKING_APIS = List.of("org.postgresql.jdbc.", "org.postgresql.core.",
            "java.sql.DriverManager", "java.net.Socket.", "java.net.Socket$", "java.net.ServerSocket",
            "sun.nio.ch.NioSocketImpl", "java.io.FileInputStream", "java.io.RandomAccessFile", "ai.onnxruntime.",
            "ai.djl.", "dev.langchain4j.model.embedding.onnx.", "io.ragchat.document.parsing.DocumentParser.", "org.apache.tika.",
            "org.apache.pdfbox.", "org.apache.poi.", "org.jsoup.");
    /**
     * Not counted: class loading on first use, the loop's own idle wait in its selector (which takes a JDK
     * lock that a thread waking the loop up may hold for an instant), and the logger, whose console handler
     * writes under a lock wherever a line is logged. Nor Kotlin reflection reading its metadata from a jar
     * the first time Jackson looks at a class: Jackson's Kotlin module is on the test class path only (the
     * OpenAI SDK the tests use brings it, and Quarkus registers every Jackson module it finds); the packaged
     * service has no Kotlin. Nor a random UUID's bytes, read from /dev/urandom, which never blocks. Nor the
     * {@code java.net.Socket} object Netty makes when it opens a non-blocking connection (the JDK's adaptor around
     * the channel): a constructor, no I/O.
     */
    private static final List<String> EXEMPT = List.of("java.lang.ClassLoader.loadClass",
            "io.quarkus.bootstrap.classloading.QuarkusClassLoader.", "jdk.internal.loader.",
            "io.netty.channel.nio.NioEventLoop.select", "io.netty.channel.epoll.EpollEventLoop.epollWait",
            "org.jboss.logmanager.", "kotlin.reflect.jvm.internal.", "sun.security.provider.NativePRNG",
            "sun.nio.ch.SocketAdaptor.<init>");
    /**
     * Monitors of Vert.x itself that an event loop may meet held by another thread, for as long as Vert.x holds them
     * (see {@link #blocked}): an HTTP/1.x connection's, and the PostgreSQL client's connection factory's, which every
     * new connection takes to find (or first create) its network client.
     */
    private static final List<String> VERTX_LOCKS = List.of("io.vertx.core.http.impl.Http1xServerConnection@",
            "io.vertx.pgclient.impl.PgConnectionFactory@");

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long[] ids;
    private final List<String> names;
    private final Map<String, Integer> findings = new LinkedHashMap<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong samples = new AtomicLong();
    private final Thread sampler;

    private EventLoopWatch(List<Thread> loops) {
        this.ids = loops.stream().mapToLong(Thread::threadId).toArray();
        this.names = loops.stream().map(Thread::getName).toList();
        this.sampler = Thread.ofPlatform().daemon().name("event-loop-watch").start(this::sample);
    }

    /** Starts watching every event loop of {@code vertx}. */
    public static EventLoopWatch start(Vertx vertx) {
        List<Thread> loops = new ArrayList<>();
        for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
            try {
                loops.add(loop.submit(Thread::currentThread).get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                throw new IllegalStateException("could not reach an event loop", e);
            }
        }
        return new EventLoopWatch(loops);
    }

    /** The event-loop threads watched. */
    public List<String> threadNames() {
        return names;
    }

    /** Stack samples taken so far (one per thread per round). */
    public long samples() {
        return samples.get();
    }

    /** What was seen blocking, each distinct stack once, with how many samples showed it. */
    public List<String> findings() {
        synchronized (findings) {
            return findings.entrySet().stream().map(e -> e.getValue() + " sample(s): " + e.getKey()).toList();
        }
    }

    @Override
    public void close() {
        stopped.set(true);
        try {
            sampler.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sample() {
        ThreadInfo[] previous = new ThreadInfo[ids.length];
        while (!stopped.get()) {
            ThreadInfo[] now = threads.getThreadInfo(ids, STACK_DEPTH);
            for (int i = 0; i < now.length; i++) {
                if (now[i] != null) {
                    String finding = blocked(now[i], previous[i]);
                    if (finding != null) {
                        synchronized (findings) {
                            findings.merge(finding, 1, Integer::sum);
                        }
                    }
                }
                samples.incrementAndGet();
            }
            previous = now;
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A description of the sample when it shows the event loop blocked, else null. */
    static String blocked(ThreadInfo sample, ThreadInfo previous) {
        StackTraceElement[] stack = sample.getStackTrace();
        if (stack.length == 0 || anyFrame(stack, EXEMPT)) {
            return null;
        }
        String why = switch (sample.getThreadState()) {
            case WAITING, TIMED_WAITING -> "waiting" + (sample.getLockName() == null ? "" : " on " + sample.getLockName());
            // A worker thread answering a request (a multipart upload is read and answered on one) holds its HTTP/1.x
            // connection's monitor while Vert.x writes the response; two event loops opening database connections at
            // once meet at the connection factory's. A loaded machine can stretch either over two samples: Vert.x's
            // own locks, held by no application code.
            case BLOCKED -> VERTX_LOCKS.stream().anyMatch(String.valueOf(sample.getLockName())::startsWith) ? null
                    : previous != null && previous.getThreadState() == Thread.State.BLOCKED
                    && previous.getStackTrace().length > 0 && previous.getStackTrace()[0].equals(stack[0])
                            ? "blocked on monitor " + sample.getLockName() + " held by " + sample.getLockOwnerName()
                            : null;
            case RUNNABLE -> anyFrame(stack, BLOCKING_APIS) ? "running a blocking API" : null;
            default -> null;
        };
        if (why == null) {
            return null;
        }
        return sample.getThreadName().replaceAll("[0-9]+$", "N") + " " + why + "\n\tat "
                + Arrays.stream(stack).limit(80).map(StackTraceElement::toString).collect(Collectors.joining("\n\tat "));
    }

    private static boolean anyFrame(StackTraceElement[] stack, List<String> prefixes) {
        for (StackTraceElement frame : stack) {
            String name = frame.getClassName() + "." + frame.getMethodName();
            for (String prefix : prefixes) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }
}
