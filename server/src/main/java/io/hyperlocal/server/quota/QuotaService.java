package io.hyperlocal.server.quota;

import io.hyperlocal.server.config.HyperlocalConfig;
import io.hyperlocal.server.entitlement.EntitlementSource;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * This replica's enforcement, wired from {@code hyperlocal.quota.*}: one {@link Allowances} on the
 * platform's database, and one thread that refills leases early, reports consumption and gives back
 * idle leases every {@code maintenance-interval}. On shutdown every lease goes back.
 */
@Singleton
public class QuotaService {
    private static final Logger LOG = Logger.getLogger(QuotaService.class);

    private final Enforcement enforcement;
    private final Allowances allowances;
    private final ScheduledExecutorService background;

    @Inject
    public QuotaService(HyperlocalConfig config, DataSource dataSource, EntitlementSource entitlements) {
        HyperlocalConfig.Quota quota = config.quota();
        // Checked here with the names an operator sets (property and variable), before the records' own
        // checks, which name their Java fields.
        atLeast("default-max-tokens", quota.defaultMaxTokens(), 1);
        atLeast("prompt-overhead-tokens", quota.promptOverheadTokens(), 0);
        atLeast("lease-percent", quota.leasePercent(), 1);
        if (quota.leasePercent() > 100) {
            throw new IllegalArgumentException(property("lease-percent") + " must be at most 100: " + quota.leasePercent());
        }
        this.background = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hyperlocal-quota");
            thread.setDaemon(true);
            return thread;
        });
        Clock clock = Clock.systemUTC();
        LeasePolicy policy = new LeasePolicy(quota.leasePercent(), quota.idleReturnAfter(), quota.exhaustedRecheck());
        this.allowances = new Allowances(new LeaseStore(dataSource), clock, policy, background);
        this.enforcement = new Enforcement(entitlements, allowances,
                new Enforcement.Settings(quota.defaultMaxTokens(), quota.promptOverheadTokens()), clock);
        long every = quota.maintenanceInterval().toMillis();
        if (every < 1) {
            throw new IllegalArgumentException("hyperlocal.quota.maintenance-interval must be at least 1ms: "
                    + quota.maintenanceInterval());
        }
        background.scheduleWithFixedDelay(this::maintain, every, every, TimeUnit.MILLISECONDS);
    }

    private static void atLeast(String name, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException(property(name) + " must be at least " + least + ": " + value);
        }
    }

    /** {@code hyperlocal.quota.NAME (HYPERLOCAL_QUOTA_NAME)}: where an operator sets it. */
    private static String property(String name) {
        return "hyperlocal.quota." + name + " (" + ("HYPERLOCAL_QUOTA_" + name).replace('-', '_').toUpperCase(Locale.ROOT)
                + ")";
    }

    public Enforcement enforcement() {
        return enforcement;
    }

    private void maintain() {
        try {
            allowances.maintain();
        } catch (RuntimeException e) {
            // The executor would stop repeating a task that throws.
            LOG.warnf(e, "Quota maintenance failed; retrying in the next interval");
        }
    }

    @PreDestroy
    void stop() {
        background.shutdown();
        try {
            background.awaitTermination(5, TimeUnit.SECONDS);
            allowances.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("Could not give the quota leases back on shutdown (%s): they are lost for this period",
                    e.getMessage());
        }
    }
}
