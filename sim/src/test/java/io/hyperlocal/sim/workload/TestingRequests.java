package io.hyperlocal.sim.workload;

/** Requests for engine tests: an optional shared prefix (group {@code prefix}) then private tokens. */
public final class TestingRequests {
    private TestingRequests() {}

    public static SimRequest request(long id, int prefix, int prefixTokens, int promptLength, int outputLength) {
        int shared = Math.min(prefixTokens, promptLength - 1);
        int[] prompt = new int[promptLength];
        int[] groupTokens = Traffic.tokens(-1 - prefix, 0, Math.max(0, shared));
        System.arraycopy(groupTokens, 0, prompt, 0, shared);
        int[] own = Traffic.tokens(id, 0, promptLength - shared);
        System.arraycopy(own, 0, prompt, shared, own.length);
        Conversation conversation = new Conversation("s" + id, 0, false, id, new int[0], new int[] {promptLength},
                new int[] {outputLength}, new long[] {0});
        return new SimRequest(id, 0, false, conversation, 0, prompt, Traffic.tokens(id, 1, outputLength),
                Traffic.blocks(prompt));
    }
}
