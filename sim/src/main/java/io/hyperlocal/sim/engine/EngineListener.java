package io.hyperlocal.sim.engine;

import io.hyperlocal.sim.workload.SimRequest;

/** What an engine tells the federation as its steps complete; times are simulated ns. */
public interface EngineListener {
    void firstToken(SimEngine engine, SimRequest request, long time);

    void finished(SimEngine engine, SimRequest request, long time);
}
