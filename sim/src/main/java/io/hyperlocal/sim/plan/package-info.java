/**
 * Capacity and cost planner arithmetic (issue 5, item 6): demand per country, GPU types, site
 * costs, and the sized fleet with capex, opex, cost per million tokens and break-even against an API.
 */
package io.hyperlocal.sim.plan;
