/**
 * TMF conventions shared by the APIs: the Error body, admin-key authentication, list paging and
 * field selection, the JSON helpers and the PostgreSQL store of resources. Nothing here returns
 * null.
 */
package io.hyperlocal.server.tmf.common;
