package io.hyperlocal.engines.simulated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduled executor on virtual time, for deterministic engine tests: nothing runs until the test
 * calls {@link #runReady()} or {@link #advance}, which run due tasks on the test's thread in time
 * order (submission order among equal times). {@link #nanoTime()} is its clock.
 */
final class TestingScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long now;
    private long submitted;
    private boolean shutdown;

    long nanoTime() {
        return now;
    }

    /** Runs every task due now, including those they schedule for now. */
    void runReady() {
        advance(Duration.ZERO);
    }

    /** Moves time forward by {@code duration}, running each task when its time comes. */
    void advance(Duration duration) {
        long until = now + duration.toNanos();
        while (!queue.isEmpty() && queue.peek().at <= until) {
            Task<?> task = queue.poll();
            now = Math.max(now, task.at);
            task.run();
        }
        now = until;
    }

    /** Runs tasks until none is left, however far in the future, at most {@code limit} of them. */
    void runAll(int limit) {
        for (int i = 0; i < limit && !queue.isEmpty(); i++) {
            Task<?> task = queue.poll();
            now = Math.max(now, task.at);
            task.run();
        }
    }

    int pending() {
        return queue.size();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(Executors.callable(command), unit.toNanos(delay));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return enqueue(callable, unit.toNanos(delay));
    }

    @Override
    public void execute(Runnable command) {
        enqueue(Executors.callable(command), 0);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("not needed by the engine");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not needed by the engine");
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(queue);
        queue.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private <V> Task<V> enqueue(Callable<V> callable, long delayNanos) {
        if (shutdown) {
            throw new RejectedExecutionException("the testing scheduler is shut down");
        }
        Task<V> task = new Task<>(callable, now + Math.max(0, delayNanos), submitted++);
        queue.add(task);
        return task;
    }

    private final class Task<V> implements ScheduledFuture<V>, Runnable {
        private final Callable<V> callable;
        private final long at;
        private final long order;
        private boolean done;
        private boolean cancelled;
        private V result;

        Task(Callable<V> callable, long at, long order) {
            this.callable = callable;
            this.at = at;
            this.order = order;
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            try {
                result = callable.call();
            } catch (Exception e) {
                throw new IllegalStateException("a task failed", e);
            }
            done = true;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - now, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> that = (Task<?>) other;
            return at != that.at ? Long.compare(at, that.at) : Long.compare(order, that.order);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            cancelled = !done;
            queue.remove(this);
            return cancelled;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public V get() throws ExecutionException {
            if (!done) {
                throw new IllegalStateException("the task has not run; advance the testing scheduler");
            }
            return result;
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws ExecutionException {
            return get();
        }
    }
}
