/**
 * Thermo Fisher Velox EMD (HDF5): each data item's metadata JSON, what varies across frames, never the data.
 */
package io.emmeta.core.read.velox;
