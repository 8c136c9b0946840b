package io.hyperlocal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
    private static final Set<String> KNOWN = Set.of("port", "data-dir");

    @Test
    void readsOptionsWithASpaceOrAnEqualsSign() {
        Arguments arguments = Arguments.parse(List.of("list", "--port", "8081", "--data-dir=/tmp/d"), KNOWN);

        assertThat(arguments.positional()).containsExactly("list");
        assertThat(arguments.option("port")).hasValue("8081");
        assertThat(arguments.option("data-dir")).hasValue("/tmp/d");
    }

    @Test
    void anUnknownLastOptionIsCalledUnknownNotShortOfAValue() {
        assertThatThrownBy(() -> Arguments.parse(List.of("--bogus"), KNOWN))
                .hasMessage("unknown option --bogus (known: --data-dir, --port)");
        assertThatThrownBy(() -> Arguments.parse(List.of("--bogus", "--port", "1"), KNOWN))
                .hasMessage("unknown option --bogus (known: --data-dir, --port)");
    }

    @Test
    void aKnownOptionWithoutItsValueSaysSo() {
        assertThatThrownBy(() -> Arguments.parse(List.of("--port"), KNOWN)).hasMessage("option --port needs a value");
        assertThatThrownBy(() -> Arguments.parse(List.of("--port", "--data-dir", "d"), KNOWN))
                .hasMessage("option --port needs a value");
    }
}
