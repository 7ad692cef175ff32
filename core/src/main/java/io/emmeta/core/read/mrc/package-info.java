/**
 * MRC / MRC2014: the 1024-byte header and the extended header's type and size.
 */
package io.emmeta.core.read.mrc;
