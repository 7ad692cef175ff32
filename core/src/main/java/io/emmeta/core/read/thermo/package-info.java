/**
 * Thermo Fisher / FEI: xT TIFF (INI, FEI_TITAN XML, Memento) and Phenom ELID archives.
 */
package io.emmeta.core.read.thermo;
