package io.hyperlocal.core;

import java.util.Objects;
import java.util.Set;

/** One message of a chat conversation, with a role among {@link #ROLES}. */
public record ChatMessage(String role, String content) {
    public static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

    public ChatMessage {
        Objects.requireNonNull(role, "role is null");
        Objects.requireNonNull(content, "content is null");
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of " + ROLES + ": " + role);
        }
    }
}
