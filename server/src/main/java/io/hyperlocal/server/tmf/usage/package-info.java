/**
 * TMF635 Usage Management (v5 conventions): the usage ledger read by the operator's BSS as TM Forum
 * {@code Usage} resources, with the admin key. Self-contained: it shares nothing with the other TM
 * Forum APIs but the conventions. No method returns or accepts null.
 */
package io.hyperlocal.server.tmf.usage;
