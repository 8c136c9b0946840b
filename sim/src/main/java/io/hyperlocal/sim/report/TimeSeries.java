package io.hyperlocal.sim.report;

import java.util.List;
import java.util.Objects;

/**
 * Per-minute figures of one run, for charts and the time-series CSV.
 *
 * @param siteIds site ids, the order of the per-site arrays
 * @param arrivals requests arriving in each minute
 * @param completed requests completing in each minute
 * @param good completed requests meeting the SLO
 * @param failed requests failing in each minute
 * @param ttftP50 TTFT median of the requests completing in each minute, ms (0 with none; the CSV leaves it empty)
 * @param ttftP90 TTFT 0.9 quantile, ms
 * @param ttftP99 TTFT 0.99 quantile, ms
 * @param siteTokensPerSecond per site (outer), generated tokens per second in each minute (inner)
 * @param siteBusyShare per site, share of its engines' time spent stepping in each minute
 * @param seconds simulated seconds of the run: its last minute is shorter when this is not a whole
 *     number of minutes, and its per-second figures are over that shorter time
 */
public record TimeSeries(List<String> siteIds, long[] arrivals, long[] completed, long[] good, long[] failed,
        double[] ttftP50, double[] ttftP90, double[] ttftP99, double[][] siteTokensPerSecond, double[][] siteBusyShare, double seconds) {
    public TimeSeries {
        siteIds = List.copyOf(Objects.requireNonNull(siteIds, "siteIds is null"));
    }

    public int minutes() {
        return arrivals.length;
    }

    /** Simulated seconds in {@code minute}: 60, but less in a last, partial minute. */
    public double secondsIn(int minute) {
        return Math.max(Double.MIN_VALUE, Math.min(60, seconds - 60.0 * minute));
    }

    /** {@code counts} per minute as a rate per second of each minute's own length. */
    public double[] perSecond(long[] counts) {
        double[] rates = new double[counts.length];
        for (int m = 0; m < counts.length; m++) {
            rates[m] = counts[m] / secondsIn(m);
        }
        return rates;
    }
}
