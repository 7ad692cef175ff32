/**
 * Any other HDF5 (NeXus, Dectris, generic): the group tree, attributes and small datasets with units.
 */
package io.emmeta.core.read.hdf5;
