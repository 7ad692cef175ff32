/**
 * The vendor's metadata as read: a tree of typed values with their units. Knows no format and no schema.
 */
package io.emmeta.core.model;
