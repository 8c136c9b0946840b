/**
 * The TM Forum Open APIs the operator's BSS calls, under /tmf-api (TMF620 catalog, TMF622
 * ordering, TMF637 inventory, their event hubs), and the demo catalog. Nothing in these packages
 * returns null; absent values are Optional or empty.
 */
package io.hyperlocal.server.tmf;
