package io.hyperlocal.sim.scenario;

/**
 * The shape of requests, the same for every population.
 *
 * @param promptMedian user-message tokens, lognormal median (before any shared prefix or history)
 * @param promptP90 its 0.9 quantile
 * @param outputMedian generated tokens, lognormal median
 * @param outputP90 its 0.9 quantile
 * @param maxContext longest prompt plus output, tokens (the model's context limit): longer
 *     conversations end
 * @param prefixGroups groups of requests sharing one system prompt (tenants, apps); 0 for none
 * @param prefixTokens tokens of each group's shared system prompt
 * @param prefixShare share of new conversations that start with a group's system prompt, in [0, 1]
 * @param turnsMean mean turns of a conversation (geometric), at least 1; follow-ups carry the whole
 *     conversation so far as their prompt
 * @param thinkSeconds mean think time between an answer and the follow-up (exponential), seconds
 */
public record Workload(
        int promptMedian, int promptP90, int outputMedian, int outputP90, int maxContext, int prefixGroups,
        int prefixTokens, double prefixShare, double turnsMean, double thinkSeconds) {

    public Workload {
        Check.positive("promptMedian", promptMedian);
        if (promptP90 < promptMedian) {
            throw new ScenarioException("promptP90: must be >= promptMedian (" + promptMedian + "): " + promptP90);
        }
        Check.positive("outputMedian", outputMedian);
        if (outputP90 < outputMedian) {
            throw new ScenarioException("outputP90: must be >= outputMedian (" + outputMedian + "): " + outputP90);
        }
        if (maxContext < 2) {
            throw new ScenarioException("maxContext: must be >= 2: " + maxContext);
        }
        if (prefixGroups < 0) {
            throw new ScenarioException("prefixGroups: must be >= 0: " + prefixGroups);
        }
        if (prefixGroups == 0 && (prefixTokens != 0 || prefixShare != 0)) {
            // Shared prefixes come in groups: without one, these would be silently unused.
            throw new ScenarioException("prefixGroups: must be > 0 when prefixTokens or prefixShare is given: " + prefixGroups);
        }
        if (prefixGroups > 0) {
            Check.positive("prefixTokens", prefixTokens);
            if (prefixTokens + 2 > maxContext) {
                throw new ScenarioException("prefixTokens: must leave room in maxContext (" + maxContext + "): " + prefixTokens);
            }
        }
        Check.share("prefixShare", prefixShare);
        // Draws longer than maxContext are counted and not sent; a typical turn must fit, or nearly none would.
        int typical = (prefixGroups > 0 && prefixShare > 0 ? prefixTokens : 0) + promptMedian + outputMedian;
        if (typical > maxContext) {
            throw new ScenarioException("maxContext: a typical first turn (prefixTokens + promptMedian + outputMedian = "
                    + typical + " tokens) is longer than maxContext (" + maxContext + ")");
        }
        if (!(turnsMean >= 1) || Double.isInfinite(turnsMean)) {
            throw new ScenarioException("turnsMean: must be finite and >= 1: " + turnsMean);
        }
        Check.notNegative("thinkSeconds", thinkSeconds);
    }
}
