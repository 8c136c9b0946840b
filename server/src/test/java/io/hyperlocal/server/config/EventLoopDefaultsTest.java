package io.hyperlocal.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

class EventLoopDefaultsTest {
    @Test
    void oneEventLoopPerCoreUnlessConfiguredElsewhere() {
        EventLoopDefaults defaults = new EventLoopDefaults();

        assertThat(defaults.getValue(EventLoopDefaults.EVENT_LOOPS))
                .isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
        assertThat(defaults.getOrdinal()).as("below application.properties (250)").isLessThan(250);
        assertThat(defaults.getValue("quarkus.http.port")).isNull();
    }

    @Test
    void isRegisteredAsAConfigSource() {
        assertThat(ServiceLoader.load(ConfigSource.class).stream().map(ServiceLoader.Provider::type))
                .contains(EventLoopDefaults.class);
    }
}
