/**
 * NanoMegas (ASTAR / TopSpin precession-diffraction software) files: the ASTAR blockfile {@code .blo} (a fixed binary
 * header, read by range) and the TopSpin {@code .app5} (HDF5 with an XML metadata string per GUID-named group).
 */
package io.emmeta.core.read.nanomegas;
