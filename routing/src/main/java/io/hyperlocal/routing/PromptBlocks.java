package io.hyperlocal.routing;

import io.hyperlocal.core.ChatMessage;
import io.hyperlocal.core.Prompt;
import java.util.Arrays;
import java.util.Objects;

/**
 * A prompt cut into fixed-size blocks of characters, each identified by a chained hash: block i's
 * hash covers its text and block i-1's hash, so equal hashes mean equal prefixes up to that block,
 * as in vLLM's prefix cache. The gateway has no tokenizer, so blocks are characters (about 4 per
 * token) rather than tokens; only full blocks count, as an engine caches only full blocks.
 */
public final class PromptBlocks {
    public static final PromptBlocks NONE = new PromptBlocks(new long[0]);

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final long[] hashes;

    private PromptBlocks(long[] hashes) {
        this.hashes = hashes;
    }

    /** The chained hashes of {@code text}'s first {@code maxBlocks} full blocks of {@code blockChars}. */
    public static PromptBlocks of(String text, int blockChars, int maxBlocks) {
        Objects.requireNonNull(text, "text is null");
        if (blockChars < 1 || maxBlocks < 1) {
            throw new IllegalArgumentException("blockChars and maxBlocks must be at least 1: " + blockChars + ", " + maxBlocks);
        }
        int count = Math.min(maxBlocks, text.length() / blockChars);
        long[] hashes = new long[count];
        long previous = FNV_OFFSET;
        for (int block = 0; block < count; block++) {
            long hash = previous;
            for (int i = block * blockChars, end = i + blockChars; i < end; i++) {
                hash = (hash ^ text.charAt(i)) * FNV_PRIME;
            }
            // FNV alone mixes the last characters poorly; a splitmix finaliser spreads them.
            previous = mix(hash);
            hashes[block] = previous;
        }
        return new PromptBlocks(hashes);
    }

    /** The blocks of a prompt rendered as text the same way for every request (role, then content). */
    public static PromptBlocks of(Prompt prompt, int blockChars, int maxBlocks) {
        return of(render(prompt), blockChars, maxBlocks);
    }

    /** A prompt from precomputed chained hashes, for example from a tokenizer-aware caller. */
    public static PromptBlocks ofHashes(long... hashes) {
        return new PromptBlocks(hashes.clone());
    }

    static String render(Prompt prompt) {
        return switch (prompt) {
            case Prompt.Text text -> text.text();
            case Prompt.Chat chat -> {
                StringBuilder rendered = new StringBuilder();
                for (ChatMessage message : chat.messages()) {
                    rendered.append('<').append(message.role()).append('>').append(message.content()).append('\n');
                }
                yield rendered.toString();
            }
        };
    }

    public int size() {
        return hashes.length;
    }

    public long hash(int block) {
        return hashes[block];
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PromptBlocks blocks && Arrays.equals(hashes, blocks.hashes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hashes);
    }

    @Override
    public String toString() {
        return "PromptBlocks[" + hashes.length + " blocks]";
    }
}
