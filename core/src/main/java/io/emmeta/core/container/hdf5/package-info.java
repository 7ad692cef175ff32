/**
 * HDF5 through jHDF over the range cache, with size checks before any allocation.
 */
package io.emmeta.core.container.hdf5;
