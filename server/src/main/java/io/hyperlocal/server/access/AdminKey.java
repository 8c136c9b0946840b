package io.hyperlocal.server.access;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The platform team's credential for {@code /admin}. Either configured ({@code hyperlocal.admin.key},
 * for several replicas sharing one), or created on first start and kept, like the demo key, hashed
 * in the database and in clear in {@code <data-dir>/admin-api-key} (mode 600).
 */
public final class AdminKey {
    public static final String OWNER = "platform-team";
    public static final String FILE_NAME = "admin-api-key";

    private AdminKey() {}

    public static String ensure(ApiKeyStore store, Path dataDir, Optional<String> configured, String jurisdiction) {
        if (configured.isPresent()) {
            String key = configured.get();
            if (store.find(key).isEmpty()) {
                store.insert(key, OWNER + "-configured", jurisdiction, "admin key from hyperlocal.admin.key",
                        Principal.Role.ADMIN);
            }
            return key;
        }
        return DemoKey.ensure(store, dataDir.resolve(FILE_NAME), OWNER, jurisdiction, Principal.Role.ADMIN,
                "admin key created by ./hyperlocal up");
    }
}
