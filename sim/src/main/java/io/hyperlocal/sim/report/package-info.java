/**
 * Measurement and output: streaming histograms, the summary and per-minute series, CSV files and the self-contained HTML report with SVG charts.
 *
 * <p>Nullness contract: nothing in this package accepts or returns {@code null}.
 */
package io.hyperlocal.sim.report;
