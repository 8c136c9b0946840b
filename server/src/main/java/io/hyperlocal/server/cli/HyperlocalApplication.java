package io.hyperlocal.server.cli;

import io.hyperlocal.server.federation.Platform;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;

/** The running platform: prints the banner once everything is up, then serves until told to stop. */
public class HyperlocalApplication implements QuarkusApplication {
    @Override
    public int run(String... args) {
        Platform platform = Arc.container().instance(Platform.class).get();
        System.out.println(platform.banner());
        System.out.flush();
        Quarkus.waitForExit();
        return 0;
    }
}
