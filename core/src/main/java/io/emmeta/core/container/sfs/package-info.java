/**
 * Bruker's SFS container (.bcf): file table, chunk chains, zlib blocks, by ranges.
 */
package io.emmeta.core.container.sfs;
