package io.hyperlocal.sim.report;

import io.hyperlocal.sim.SimTime;
import io.hyperlocal.sim.scenario.Slo;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a run's figures as it goes, in constant memory per simulated minute: streaming histograms
 * rather than per-request records. Fed by the federation on the simulation thread.
 */
public final class Metrics {
    private final long ttftSloMicros;
    private final long itlSloMicros;
    private final int minutes;
    private final long durationNanos;
    private final long measureFrom;
    private final int sites;
    private final LogHistogram ttft = new LogHistogram(LogHistogram.FINE);
    private final LogHistogram itl = new LogHistogram(LogHistogram.FINE);
    private final LogHistogram e2e = new LogHistogram(LogHistogram.FINE);
    private final long[] arrivals;
    private final long[] completed;
    private final long[] good;
    private final long[] failed;
    private final LogHistogram[] minuteTtft;
    private final double[][] siteTokensPerSecond;
    private final double[][] siteBusyShare;
    private long requests;
    private long completedTotal;
    private long goodTotal;
    private long failedTotal;
    private long migrated;
    private long violations;
    private long crossSite;
    private long outputTokens;

    public Metrics(Slo slo, long durationNanos, int sites) {
        this(slo, durationNanos, sites, 0);
    }

    /**
     * Metrics that count only requests arriving at or after {@code measureFromNanos} (a warm-up before
     * it is run but not measured); per-site figures and residency violations cover the whole run.
     */
    public Metrics(Slo slo, long durationNanos, int sites, long measureFromNanos) {
        if (measureFromNanos < 0 || measureFromNanos >= durationNanos) {
            throw new IllegalArgumentException("measureFromNanos must be in [0, " + durationNanos + "): " + measureFromNanos);
        }
        this.measureFrom = measureFromNanos;
        this.ttftSloMicros = slo.ttft().toNanos() / 1000;
        this.itlSloMicros = slo.itl().toNanos() / 1000;
        this.minutes = (int) Math.max(1, (durationNanos + SimTime.MINUTE - 1) / SimTime.MINUTE);
        this.durationNanos = durationNanos;
        this.sites = sites;
        arrivals = new long[minutes];
        completed = new long[minutes];
        good = new long[minutes];
        failed = new long[minutes];
        minuteTtft = new LogHistogram[minutes];
        siteTokensPerSecond = new double[sites][minutes];
        siteBusyShare = new double[sites][minutes];
    }

    private int minute(long time) {
        return (int) Math.min(minutes - 1, time / SimTime.MINUTE);
    }

    public void arrived(long arrival, long time) {
        if (arrival < measureFrom) {
            return;
        }
        requests++;
        arrivals[minute(time)]++;
    }

    public void failed(long arrival, long time) {
        if (arrival < measureFrom) {
            return;
        }
        failedTotal++;
        failed[minute(time)]++;
    }

    public void migrated(long arrival) {
        if (arrival < measureFrom) {
            return;
        }
        migrated++;
    }

    public void residencyViolation() {
        violations++;
    }

    /**
     * A request finished. Times in ns. The round trip between the requester's region and a serving site
     * is added to TTFT and end-to-end latency: the request travels there and the tokens travel back;
     * inter-token gaps do not pay it. {@code firstTokenRttNanos} is the round trip to the site that sent
     * the first token and {@code lastTokenRttNanos} to the one that finished the answer: the same site
     * unless the request was migrated after its first token.
     */
    public void completed(long arrival, long firstToken, long finish, int outputTokens, long firstTokenRttNanos,
            long lastTokenRttNanos, boolean home) {
        if (arrival < measureFrom) {
            return;
        }
        long ttftMicros = (firstToken - arrival + firstTokenRttNanos) / 1000;
        long e2eMicros = (finish - arrival + lastTokenRttNanos) / 1000;
        long itlMicros = outputTokens > 1 ? (finish - firstToken) / 1000 / (outputTokens - 1) : 0;
        ttft.record(ttftMicros);
        e2e.record(e2eMicros);
        if (outputTokens > 1) {
            itl.record(itlMicros);
        }
        this.outputTokens += outputTokens;
        int minute = minute(finish);
        completed[minute]++;
        completedTotal++;
        if (ttftMicros <= ttftSloMicros && itlMicros <= itlSloMicros) {
            good[minute]++;
            goodTotal++;
        }
        if (!home) {
            crossSite++;
        }
        LogHistogram histogram = minuteTtft[minute];
        if (histogram == null) {
            histogram = new LogHistogram(LogHistogram.COARSE);
            minuteTtft[minute] = histogram;
        }
        histogram.record(ttftMicros);
    }

    /**
     * One minute's per-site figures, sampled from the engines' counters at the minute's end (the run's
     * end for a last, partial minute, whose rates are over its own length).
     */
    public void siteMinute(int site, long minuteStart, double tokensPerSecond, double busyShare) {
        int minute = minute(minuteStart);
        siteTokensPerSecond[site][minute] = tokensPerSecond;
        siteBusyShare[site][minute] = busyShare;
    }

    /** Simulated seconds measured: the run after its warm-up. */
    public double measuredSeconds() {
        return (durationNanos - measureFrom) / 1e9;
    }

    public long requests() {
        return requests;
    }

    public long completedCount() {
        return completedTotal;
    }

    public long goodCount() {
        return goodTotal;
    }

    public long failedCount() {
        return failedTotal;
    }

    public long migratedCount() {
        return migrated;
    }

    public long violations() {
        return violations;
    }

    public long crossSiteCount() {
        return crossSite;
    }

    public long outputTokens() {
        return outputTokens;
    }

    public LogHistogram ttft() {
        return ttft;
    }

    public LogHistogram itl() {
        return itl;
    }

    public LogHistogram e2e() {
        return e2e;
    }

    public TimeSeries series(List<String> siteIds) {
        double[] p50 = new double[minutes];
        double[] p90 = new double[minutes];
        double[] p99 = new double[minutes];
        for (int m = 0; m < minutes; m++) {
            if (minuteTtft[m] != null) {
                p50[m] = minuteTtft[m].quantile(0.5) / 1000;
                p90[m] = minuteTtft[m].quantile(0.9) / 1000;
                p99[m] = minuteTtft[m].quantile(0.99) / 1000;
            }
        }
        return new TimeSeries(new ArrayList<>(siteIds), arrivals.clone(), completed.clone(), good.clone(), failed.clone(),
                p50, p90, p99, deepCopy(siteTokensPerSecond), deepCopy(siteBusyShare), durationNanos / 1e9);
    }

    private static double[][] deepCopy(double[][] values) {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }
}
