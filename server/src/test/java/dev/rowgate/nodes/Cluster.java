package dev.rowgate.nodes;

import dev.rowgate.config.DatabaseUrl;
import dev.rowgate.testing.NodeProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Several {@code rowgate serve} processes on one database, on loopback ports, with one issuer (the first node's
 * address, as if a load balancer stood there). Clients ask for a live node; a node is marked down before it is
 * killed, so only requests already sent to it meet the crash, and comes back on the same port.
 */
final class Cluster implements AutoCloseable {

    private final String name;
    private final DatabaseUrl db;
    private final String issuer;
    private final Map<String, String> settings;
    private final NodeProcess[] nodes;
    /** Every process started, restarts included, for the checks of their output at the end. */
    private final List<NodeProcess> generations = new ArrayList<>();
    private final boolean[] up;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private Cluster(String name, DatabaseUrl db, int size, Map<String, String> settings) {
        this.name = name;
        this.db = db;
        this.settings = settings;
        this.nodes = new NodeProcess[size];
        this.up = new boolean[size];
        int[] ports = new int[size];
        for (int i = 0; i < size; i++) ports[i] = NodeProcess.freePort();
        this.issuer = "http://127.0.0.1:" + ports[0];
        for (int i = 0; i < size; i++) nodes[i] = launch(i, ports[i]);
    }

    /** Starts {@code size} nodes at once (on an empty database they race on the migrations and the seeding). */
    static Cluster start(String name, DatabaseUrl db, int size, Map<String, String> settings) {
        Cluster cluster = new Cluster(name, db, size, settings);
        try {
            for (int i = 0; i < size; i++) {
                cluster.nodes[i].awaitListening();
                cluster.setUp(i, true);
            }
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private NodeProcess launch(int i, int port) {
        NodeProcess n = NodeProcess.serve(name + "-" + (i + 1), db, port, issuer, settings);
        generations.add(n);
        return n;
    }

    int size() {
        return nodes.length;
    }

    NodeProcess node(int i) {
        return nodes[i];
    }

    List<NodeProcess> generations() {
        return List.copyOf(generations);
    }

    /** The base URL of a node that is up, chosen at random; waits while none is (a restart), at most 2 minutes. */
    String anyLive(Random random) {
        lock.lock();
        try {
            await(() -> live() > 0, "no node up");
            int pick = random.nextInt(live());
            for (int i = 0; i < up.length; i++) if (up[i] && pick-- == 0) return nodes[i].base();
            throw new IllegalStateException("unreachable");
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every node is up (2 minutes at most): new work waits out a restart, so the run stays bounded. */
    void awaitAllUp() {
        await(() -> live() == up.length, "a node down");
    }

    private int live() {
        int live = 0;
        for (boolean u : up) if (u) live++;
        return live;
    }

    private void await(BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) throw new AssertionError(failure + " for 2 minutes");
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            lock.unlock();
        }
    }

    /** SIGKILL to node i (marked down first, so new requests go elsewhere or wait). */
    void kill(int i) {
        setUp(i, false);
        nodes[i].kill();
    }

    /** Starts node i again on the same port and database; returns once it serves. */
    Duration restart(int i) {
        long start = System.nanoTime();
        nodes[i] = launch(i, nodes[i].port()).awaitListening();
        setUp(i, true);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void setUp(int i, boolean value) {
        lock.lock();
        try {
            up[i] = value;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** SIGTERM to every live node, then a check that each stopped gracefully. */
    void stop() {
        for (NodeProcess n : nodes) {
            if (n == null || !n.isAlive()) continue;
            n.stop();
            if (n.exitValue() != 143 || !n.output().contains("rowgate: stopped")) {
                throw new AssertionError(n.name() + " did not stop gracefully (exit " + n.exitValue() + "):\n" + n.output());
            }
        }
    }

    @Override
    public void close() {
        for (NodeProcess n : generations) n.close();
    }
}
