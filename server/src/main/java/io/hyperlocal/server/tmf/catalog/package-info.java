/**
 * TMF620 Product Catalog: specifications (whose characteristics say what an AI product grants),
 * offerings with their promotional term, and prices. Nothing here returns null.
 */
package io.hyperlocal.server.tmf.catalog;
