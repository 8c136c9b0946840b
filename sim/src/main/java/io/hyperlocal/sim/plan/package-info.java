/**
 * The capacity and cost planner (issue 5, item 6): demand per country, GPU types, models with their
 * quantisation and step-time presets, sites and their costs ({@link io.hyperlocal.sim.plan.PlanLoader}
 * reads them from YAML); the fleet sized per site and model with capex, opex, cost per million tokens
 * and break-even against an API ({@link io.hyperlocal.sim.plan.FleetPlanner}); and the check of that
 * fleet in the simulator ({@link io.hyperlocal.sim.plan.FleetCheck}).
 *
 * <p>No nulls: parameters and results are never null; records refuse null and check their fields, with
 * messages that name them. {@link java.util.Optional} marks what may be absent.
 */
package io.hyperlocal.sim.plan;
