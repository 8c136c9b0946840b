/**
 * TMF637 Product Inventory: the subscribers' products, their statuses, and the job that ends
 * promotional terms. Nothing here returns null.
 */
package io.hyperlocal.server.tmf.inventory;
