/** The {@code hyperlocal} command line: {@code up}, {@code models}, {@code help}. */
package io.hyperlocal.server.cli;
