package io.hyperlocal.server.gateway;

import io.hyperlocal.core.Delivery;
import io.hyperlocal.core.ErrorCode;
import io.hyperlocal.core.FinishReason;
import io.hyperlocal.core.GenerationRequest;
import io.hyperlocal.core.HyperlocalException;
import io.hyperlocal.core.TokenUsage;
import io.hyperlocal.engines.Generation;
import io.hyperlocal.engines.GenerationEvent;
import io.hyperlocal.engines.GenerationListener;
import io.hyperlocal.engines.InferenceEngine;
import io.hyperlocal.routing.Candidate;
import io.hyperlocal.routing.Route;
import io.hyperlocal.server.access.Admission;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * One completion request from dispatch to the last byte: tries the route's candidates in order
 * until one accepts, relays the engine's events to the client (as SSE chunks or one JSON body),
 * cancels the generation when the client goes away, and settles admission, metrics and the log
 * exactly once.
 *
 * <p>Engine events arrive on an engine thread, one at a time; the client's close arrives on the
 * event loop. The volatile and atomic fields are what those two threads share.
 */
final class CompletionStream implements GenerationListener {
    private static final Logger LOG = Logger.getLogger(CompletionStream.class);
    /**
     * The access log: one line per answered request. A logger of its own, so that an operator can turn it
     * off or send it elsewhere ({@code quarkus.log.category."io.hyperlocal.requests".level=WARN}) and keep
     * the gateway's other messages.
     */
    private static final Logger REQUESTS = Logger.getLogger("io.hyperlocal.requests");

    private final Exchange exchange;
    private final CompletionCall call;
    private final Route route;
    private final Dispatch dispatch;
    private final CompletionWriter writer;
    private final AtomicBoolean finished = new AtomicBoolean();

    private volatile int attempt = -1;
    /** Engines asked so far (skipped candidates do not count), bounded by {@code maxAttempts} plus migrations. */
    private int started;
    private volatile Candidate serving;
    /** The candidate the answer's headers name so far: they are set once per serving engine, not per token. */
    private Candidate marked;
    private volatile Generation generation;
    private volatile boolean clientGone;
    private int completionTokens;
    private long firstTokenNanos;
    private long lastTokenNanos;
    private Timer interTokenLatency;
    /** Streams moved to another engine after their first token, and what the failed engines had used. */
    private int migrations;
    private int completionTokensBefore;
    private int firstPromptTokens = -1;
    private String failedSite = "";

    /** What the stream needs from the gateway, grouped so the constructor stays readable. */
    record Dispatch(
            io.hyperlocal.server.federation.Federation federation, Admission admission, Admission.Ticket ticket,
            GatewayMetrics metrics, int maxMigrations, Routing routing, io.hyperlocal.routing.RoutingRequest request,
            io.hyperlocal.server.federation.RouteLog routeLog, io.hyperlocal.server.federation.RouteLog.Logged logged,
            CircuitBreakers breakers, int maxAttempts, io.hyperlocal.server.metering.MeteredRequest metered) {}

    CompletionStream(Exchange exchange, CompletionCall call, Route route, Dispatch dispatch) {
        this.exchange = exchange;
        this.call = call;
        this.route = route;
        this.dispatch = dispatch;
        this.writer = new CompletionWriter(exchange, call);
    }

    /** Dispatches to the first candidate that accepts; failures here reach the caller as exceptions. */
    void start() {
        exchange.response().closeHandler(ignored -> {
            clientGone = true;
            Generation current = generation;
            if (current != null && !finished.get()) {
                current.cancel();
            }
        });
        HyperlocalException failure = tryNext(null);
        if (failure != null) {
            throw failure;
        }
    }

    /** Starts the next candidate; returns the last error when none is left. */
    private HyperlocalException tryNext(HyperlocalException lastError) {
        HyperlocalException error = lastError;
        while (attempt + 1 < route.ordered().size()) {
            attempt++;
            Candidate candidate = route.ordered().get(attempt).candidate();
            InferenceEngine engine = dispatch.federation().engine(candidate.siteId(), candidate.engineId()).orElse(null);
            if (engine == null || candidate.siteId().equals(failedSite)) {
                // A site that failed mid-stream is not asked again for the same answer.
                continue;
            }
            if (started >= dispatch.maxAttempts() + migrations) {
                break;
            }
            if (!dispatch.breakers().allow(candidate.siteId())) {
                LOG.infof("%s: skipping %s, its circuit breaker is open", exchange.requestId(), candidate.label());
                continue;
            }
            started++;
            serving = candidate;
            try {
                generation = engine.generate(request(), this);
                dispatch.metered().dispatched();
                dispatch.routeLog().served(dispatch.logged(), candidate.label());
                if (attempt > 0) {
                    // Not the first choice: the prefix and session now live on this engine.
                    dispatch.routing().remember(dispatch.request(), candidate);
                }
                if (clientGone) {
                    generation.cancel();
                }
                return null;
            } catch (HyperlocalException e) {
                if (!retryable(e)) {
                    throw e;
                }
                if (e.code() == ErrorCode.ENGINE_FAILED) {
                    dispatch.breakers().failure(candidate.siteId());
                }
                LOG.infof("%s: %s refused %s (%s), trying the next site", exchange.requestId(), candidate.label(),
                        call.model(), e.getMessage());
                error = e;
            }
        }
        return error != null ? error : new HyperlocalException(ErrorCode.NO_CAPACITY,
                "No engine could take this request for model '" + call.model() + "': tried " + route.summary() + ".");
    }

    /** The request for the next attempt: the original one, or its continuation after the text streamed so far. */
    private GenerationRequest request() {
        // A client that waits for the whole answer lets a remote engine ask for one JSON body instead of a
        // stream: a fraction of the work per token on both sides, and what a plain proxy would send.
        GenerationRequest original = new GenerationRequest(exchange.requestId(), call.model(), call.prompt(),
                call.sampling(), "", call.stream() ? Delivery.STREAMED : Delivery.WHOLE);
        if (migrations == 0) {
            return original;
        }
        int max = call.sampling().maxTokens();
        return original.continuing(writer.text(), max == io.hyperlocal.core.SamplingParameters.UNLIMITED
                ? max : Math.max(1, max - completionTokensBefore));
    }

    private static boolean retryable(HyperlocalException e) {
        return e.code() == ErrorCode.ENGINE_OVERLOADED || e.code() == ErrorCode.ENGINE_FAILED;
    }

    @Override
    public void onEvent(GenerationEvent event) {
        switch (event) {
            case GenerationEvent.Token token -> onToken(token);
            case GenerationEvent.Completed completed -> onCompleted(completed);
            case GenerationEvent.Failed failed -> onFailed(failed);
        }
    }

    private void onToken(GenerationEvent.Token token) {
        long now = System.nanoTime();
        String site = serving.siteId();
        if (completionTokens == 0) {
            firstTokenNanos = now;
            dispatch.metered().firstToken();
            // Token latencies are a streamed answer's: a whole answer may arrive in one piece at its end.
            if (call.stream()) {
                dispatch.metrics().timeToFirstToken(site, call.model(), now - exchange.startedNanos());
                interTokenLatency = dispatch.metrics().interTokenLatency(site, call.model());
            }
        } else if (interTokenLatency != null) {
            interTokenLatency.record((now - lastTokenNanos) / token.tokens(), TimeUnit.NANOSECONDS);
        }
        lastTokenNanos = now;
        completionTokens += token.tokens();
        markServingSite();
        writer.token(token.text(), !clientGone);
    }

    /**
     * Before the answer starts, its headers name the site serving it and the route. A non-streamed
     * answer starts only at its end, so this runs once per serving engine rather than per token: the
     * route's summary formats every candidate's scores (about a tenth of the gateway's allocation
     * per request when it ran for every token). After a migration the headers name the new site.
     */
    private void markServingSite() {
        Candidate current = serving;
        if (!writer.started() && current != marked) {
            marked = current;
            exchange.site(current.siteId());
            exchange.routeSummary(route.summary());
        }
    }

    private void onCompleted(GenerationEvent.Completed completed) {
        TokenUsage usage = migrations == 0 ? completed.usage()
                : new TokenUsage(firstPromptTokens, completionTokensBefore + completed.usage().completionTokens());
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        dispatch.breakers().success(serving.siteId());
        if (completed.finishReason() == FinishReason.CANCELLED || clientGone) {
            dispatch.metered().cancelled(serving.siteId(), usage);
            finish(499, usage, "cancelled: the client went away");
            return;
        }
        try {
            // Durable before the last byte: a client that sees its answer complete has its usage record.
            dispatch.metered().completed(serving.siteId(), usage);
        } catch (HyperlocalException notRecorded) {
            writer.fail(notRecorded);
            finish(notRecorded.code().httpStatus(), usage, "failed: " + notRecorded.getMessage());
            return;
        }
        markServingSite();
        writer.complete(completed.finishReason(), usage);
        finish(200, usage, completed.finishReason().openAiValue());
    }

    private void onFailed(GenerationEvent.Failed failed) {
        HyperlocalException error = failed.error();
        if (error.code() == ErrorCode.ENGINE_FAILED) {
            dispatch.breakers().failure(serving.siteId());
        }
        if (completionTokens > 0 && retryable(error) && !clientGone && migrations < dispatch.maxMigrations()
                && !finished.get()) {
            if (migrate(failed)) {
                return;
            }
        }
        if (completionTokens == 0 && !writer.started() && retryable(error) && !clientGone) {
            LOG.warnf("%s: %s failed before its first token (%s), trying the next site", exchange.requestId(),
                    serving.label(), error.getMessage());
            HyperlocalException last;
            try {
                last = tryNext(error);
            } catch (HyperlocalException notRetryable) {
                // On the engine's thread nobody would catch it: it becomes this request's answer.
                last = notRetryable;
            }
            if (last == null) {
                return;
            }
            error = last;
        }
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        String site = serving == null ? "" : serving.siteId();
        TokenUsage used = migrations == 0 ? failed.usage()
                : new TokenUsage(firstPromptTokens, Math.max(completionTokens, completionTokensBefore));
        if (clientGone) {
            dispatch.metered().cancelled(site, used);
        } else {
            dispatch.metered().failed(site, used, error.code());
        }
        if (!clientGone) {
            if (!writer.started()) {
                exchange.site(serving.siteId());
            }
            if (error.code() == ErrorCode.ENGINE_FAILED) {
                // The caller reads a general message (OpenAiErrors.ENGINE_FAILED); the engine's own is kept here.
                LOG.warnf("%s: answered engine_failed after %s: %s", exchange.requestId(),
                        serving == null ? "no site" : serving.label(), error.getMessage());
            }
            writer.fail(error);
        }
        dispatch.metrics().error(exchange.endpoint(), error.code().code());
        // What the record bills: after a move, the last engine's own usage counts the streamed text as
        // its prompt and only its own tokens, and the allowance and metrics would settle that instead.
        finish(error.code().httpStatus(), used, "failed: " + error.getMessage());
    }

    /**
     * Continues a stream that broke after its first token on the next eligible engine of another
     * site, from the original prompt plus the text already sent, so that the client sees one
     * uninterrupted answer. Returns false when no engine took it.
     */
    private boolean migrate(GenerationEvent.Failed failed) {
        String from = serving.label();
        migrations++;
        if (firstPromptTokens < 0) {
            firstPromptTokens = failed.usage().promptTokens();
        }
        completionTokensBefore += failed.usage().completionTokens();
        failedSite = serving.siteId();
        int max = call.sampling().maxTokens();
        if (max != io.hyperlocal.core.SamplingParameters.UNLIMITED && completionTokensBefore >= max) {
            onCompleted(new GenerationEvent.Completed(FinishReason.LENGTH, TokenUsage.NONE));
            return true;
        }
        HyperlocalException last;
        try {
            last = tryNext(failed.error());
        } catch (HyperlocalException notRetryable) {
            last = notRetryable;
        }
        if (last == null) {
            LOG.warnf("%s: %s failed after %d tokens (%s); the stream continues on %s", exchange.requestId(), from,
                    completionTokensBefore, failed.error().getMessage(), serving.label());
            return true;
        }
        LOG.warnf("%s: %s failed after %d tokens and no other site could continue: %s", exchange.requestId(), from,
                completionTokensBefore, last.getMessage());
        return false;
    }

    private void finish(int status, TokenUsage usage, String outcome) {
        dispatch.routeLog().ended(dispatch.logged(), status + " " + outcome);
        String site = serving == null ? "none" : serving.siteId();
        dispatch.admission().settle(dispatch.ticket(), usage);
        dispatch.metrics().request(exchange.endpoint(), call.model(), site, status);
        dispatch.metrics().tokens(site, call.model(), usage.promptTokens(), usage.completionTokens());
        long elapsedMillis = (System.nanoTime() - exchange.startedNanos()) / 1_000_000;
        String firstToken = firstTokenNanos == 0 ? "no token"
                : "first token after " + (firstTokenNanos - exchange.startedNanos()) / 1_000_000 + " ms";
        if (!REQUESTS.isInfoEnabled()) {
            return;
        }
        // One line per request, built by concatenation: printf-style formatting (java.util.Formatter)
        // parses the pattern again for every request.
        REQUESTS.info(exchange.requestId() + " " + exchange.endpoint() + " " + call.model() + " on "
                + (serving == null ? "no site" : serving.label()) + ": " + outcome + "; " + usage.promptTokens()
                + " prompt + " + usage.completionTokens() + " completion tokens in " + elapsedMillis + " ms ("
                + firstToken + ")");
    }
}
