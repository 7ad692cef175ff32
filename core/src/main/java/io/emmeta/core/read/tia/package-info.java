/**
 * FEI TIA {@code .emi} (ObjectInfo XML) and {@code .ser} (series header and calibration).
 */
package io.emmeta.core.read.tia;
