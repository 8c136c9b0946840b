/**
 * Value types shared by every module: identifiers, requests, usage, errors. Plain Java, no framework.
 *
 * <p>Nullness contract: no parameter, field or return value in this package is {@code null}.
 * Absent values are {@link java.util.Optional} return values or documented sentinels.
 */
package io.hyperlocal.core;
