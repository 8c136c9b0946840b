package io.hyperlocal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionTableTest {
    private static final EngineKey PARIS = new EngineKey("fr-par", "vllm");
    private static final EngineKey FRANKFURT = new EngineKey("de-fra", "vllm");

    @Test
    void remembersTheLastEngineOfEachSession() {
        SessionTable sessions = new SessionTable(10);
        sessions.record("a", PARIS);
        sessions.record("a", FRANKFURT);

        assertThat(sessions.lastServed("a")).contains(FRANKFURT);
        assertThat(sessions.lastServed("b")).isEmpty();
    }

    @Test
    void forgetsTheLeastRecentlyUsedSessionBeyondCapacity() {
        SessionTable sessions = new SessionTable(2);
        sessions.record("a", PARIS);
        sessions.record("b", PARIS);
        // Looking "a" up is a use of the session: "b" is now the least recent.
        sessions.lastServed("a");
        sessions.record("c", FRANKFURT);

        assertThat(sessions.size()).isEqualTo(2);
        assertThat(sessions.lastServed("a")).contains(PARIS);
        assertThat(sessions.lastServed("b")).isEmpty();
        assertThat(sessions.lastServed("c")).contains(FRANKFURT);
    }
}
