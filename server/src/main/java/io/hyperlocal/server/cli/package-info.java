/** The {@code hyperlocal} command line: {@code up}, {@code site}, {@code models}, {@code import}, {@code bench}, {@code help}. */
package io.hyperlocal.server.cli;
