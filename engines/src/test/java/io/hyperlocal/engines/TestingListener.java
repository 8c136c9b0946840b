package io.hyperlocal.engines;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Records the events of one generation and checks the SPI's ordering rules as they arrive: tokens,
 * then exactly one terminal event, nothing after it.
 */
public final class TestingListener implements GenerationListener {
    private final List<GenerationEvent> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<GenerationEvent> terminal = new CompletableFuture<>();
    private final CountDownLatch firstToken = new CountDownLatch(1);
    private final List<String> violations = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(GenerationEvent event) {
        if (terminal.isDone()) {
            violations.add("event after the terminal event: " + event);
        }
        events.add(event);
        switch (event) {
            case GenerationEvent.Token token -> firstToken.countDown();
            case GenerationEvent.Completed completed -> terminal.complete(event);
            case GenerationEvent.Failed failed -> terminal.complete(event);
        }
    }

    /** Waits for the terminal event and returns it as a {@code Completed}, failing on anything else. */
    public GenerationEvent.Completed awaitCompleted(Duration timeout) {
        GenerationEvent event = awaitTerminal(timeout);
        assertThat(event).isInstanceOf(GenerationEvent.Completed.class);
        return (GenerationEvent.Completed) event;
    }

    public GenerationEvent awaitTerminal(Duration timeout) {
        try {
            GenerationEvent event = terminal.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(violations).isEmpty();
            return event;
        } catch (Exception e) {
            throw new AssertionError("no terminal event within " + timeout + "; events so far: " + events, e);
        }
    }

    public void awaitFirstToken(Duration timeout) throws InterruptedException {
        assertThat(firstToken.await(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .as("a first token within %s", timeout).isTrue();
    }

    public boolean isTerminated() {
        return terminal.isDone();
    }

    public String text() {
        StringBuilder text = new StringBuilder();
        tokens().forEach(token -> text.append(token.text()));
        return text.toString();
    }

    /** Tokens the {@code Token} events stand for together. */
    public int reportedTokens() {
        return tokens().stream().mapToInt(GenerationEvent.Token::tokens).sum();
    }

    public List<GenerationEvent.Token> tokens() {
        return events.stream()
                .filter(GenerationEvent.Token.class::isInstance)
                .map(GenerationEvent.Token.class::cast)
                .toList();
    }
}
