/**
 * CEOS Panta Rhei {@code .prz} archives: the metadata dict from its JSON copy, or from the pickle stream read as data
 * by a bounded opcode reader (never unpickled), the archive read by ranges.
 */
package io.emmeta.core.read.ceos;
