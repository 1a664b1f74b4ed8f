package dev.rowgate.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs background jobs under their {@link JobLock} and counts the outcomes in
 * {@code rowgate_jobs_runs_total{job, outcome}} (ran, locked: another node holds it, failed) with the time of the runs
 * in {@code rowgate_jobs_duration_seconds{job}}.
 */
public final class JobRunner {

    private final JobLock lock;
    private final MeterRegistry metrics;

    /** @param metrics null for none (CLI, tests) */
    public JobRunner(JobLock lock, MeterRegistry metrics) {
        this.lock = Objects.requireNonNull(lock, "lock");
        this.metrics = metrics;
    }

    public <T> Optional<T> run(String job, Supplier<T> body) {
        long start = System.nanoTime();
        try {
            Optional<T> result = lock.runExclusively(job, body);
            count(job, result.isPresent() ? "ran" : "locked");
            if (result.isPresent() && metrics != null) {
                Timer.builder("rowgate.jobs.duration").description("Time of background job runs").tag("job", job).register(metrics)
                        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
            return result;
        } catch (RuntimeException e) {
            count(job, "failed");
            throw e;
        }
    }

    private void count(String job, String outcome) {
        if (metrics != null) {
            Counter.builder("rowgate.jobs.runs").description("Background job runs by outcome").tag("job", job).tag("outcome", outcome)
                    .register(metrics).increment();
        }
    }
}
