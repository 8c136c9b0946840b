package io.hyperlocal.server.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The demo key of a local platform. It is created on first start, stored hashed like any key, and
 * also written to {@code <data-dir>/demo-api-key} (mode 600): the database cannot give the key back,
 * and a local user must find it again after a restart.
 */
public final class DemoKey {
    public static final String OWNER = "demo";
    public static final String FILE_NAME = "demo-api-key";

    private DemoKey() {}

    /**
     * A client key of {@code owner} with {@code scope}, kept in {@code file}: reused when the file
     * holds a usable key of that scope, otherwise replaced (the database cannot give a key back, so a
     * lost file means a new key; a key from before subscribers existed is rescoped the same way).
     */
    public static String ensure(ApiKeyStore store, Path file, String owner, KeyScope scope, String description) {
        return ensure(store, file, owner, scope, Principal.Role.CLIENT, "", description);
    }

    /** An operator key of {@code owner} and {@code role}, scoped to nobody, kept in {@code file}, as above. */
    static String ensure(ApiKeyStore store, Path file, String owner, String jurisdiction, Principal.Role role,
            String description) {
        return ensure(store, file, owner, new KeyScope.Unscoped(), role, jurisdiction, description);
    }

    private static String ensure(ApiKeyStore store, Path file, String owner, KeyScope scope, Principal.Role role,
            String jurisdiction, String description) {
        Optional<String> existing = read(file);
        if (existing.isPresent() && store.find(existing.get())
                .filter(key -> key.usable(store.clock().instant()) && key.scope().equals(scope)).isPresent()) {
            return existing.get();
        }
        store.revokeAll(owner);
        String key = ApiKeys.generate(new SecureRandom());
        store.create(key, scope, role, owner, jurisdiction, description, Optional.empty());
        write(file, key);
        return key;
    }

    private static Optional<String> read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String key = Files.readString(file, StandardCharsets.UTF_8).trim();
            return key.isEmpty() ? Optional.empty() : Optional.of(key);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the demo key file " + file, e);
        }
    }

    private static void write(Path file, String key) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, key + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the demo key file " + file, e);
        }
    }
}
