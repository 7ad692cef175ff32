/**
 * What an extraction writes: the record (source, detection, status, problems, original tree, mapped document,
 * provenance), the output names beside the object, and the JSON form of the tree.
 */
package io.emmeta.core.output;
