/**
 * Hardened XML for vendor metadata: no DTDs, no entities, no external access, bounded depth and size.
 */
package io.emmeta.core.read.xml;
