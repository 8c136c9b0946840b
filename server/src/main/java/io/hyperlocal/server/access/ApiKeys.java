package io.hyperlocal.server.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Key material. A key is {@code hl-} followed by 256 random bits in base64url; only its SHA-256 is
 * stored. A fast hash is enough because the key has full entropy: there is nothing to brute-force.
 */
public final class ApiKeys {
    public static final String PREFIX = "hl-";
    /** Characters of a key that may be shown and stored in clear, to recognise it. */
    public static final int VISIBLE_CHARACTERS = 10;

    private ApiKeys() {}

    /** A new key from {@code random}, which must be a secure generator outside tests. */
    public static String generate(RandomGenerator random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * One digest per thread: every request hashes its key, and {@code MessageDigest.getInstance} looks
     * the algorithm up among the security providers each time (half a percent of the gateway's CPU at
     * 5,000 requests/s). {@code digest} resets it, so a reused instance starts clean.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    public static byte[] hash(String key) {
        return SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8));
    }

    public static String hashHex(String key) {
        return HexFormat.of().formatHex(hash(key));
    }

    public static String visiblePrefix(String key) {
        return key.substring(0, Math.min(VISIBLE_CHARACTERS, key.length()));
    }
}
