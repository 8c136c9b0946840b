/** Benchmarks that need the running platform; they print their figures, they assert nothing. */
package io.hyperlocal.server.bench;
