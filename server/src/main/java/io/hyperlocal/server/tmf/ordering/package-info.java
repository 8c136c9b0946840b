/**
 * TMF622 Product Ordering: orders, their state machine, and their asynchronous delivery into the
 * inventory. Nothing here returns null.
 */
package io.hyperlocal.server.tmf.ordering;
