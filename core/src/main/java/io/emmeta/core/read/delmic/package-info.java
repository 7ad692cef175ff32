/** Delmic: Odemis HDF5 acquisitions (SPARC cathodoluminescence and the SEM images taken with them). */
package io.emmeta.core.read.delmic;
