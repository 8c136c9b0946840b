package io.hyperlocal.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class WouldBlockTest {
    @Test
    void checkThrowsOnlyInsideAnAttempt() {
        assertThatCode(WouldBlock::check).doesNotThrowAnyException();
        AtomicBoolean after = new AtomicBoolean();

        assertThatThrownBy(() -> WouldBlock.attempt(() -> {
            WouldBlock.check();
            after.set(true);
        })).isInstanceOf(WouldBlock.class);

        assertThat(after).isFalse();
        assertThatCode(WouldBlock::check).as("the attempt is over").doesNotThrowAnyException();
    }

    @Test
    void anAttemptThatFailsOtherwiseEndsToo() {
        assertThatThrownBy(() -> WouldBlock.attempt(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);

        assertThatCode(WouldBlock::check).doesNotThrowAnyException();
    }
}
