/**
 * Thermo Fisher EPU {@code MicroscopeImage} .xml records (DataContract XML written beside each acquired image): the column state, the {@code CustomData} key/value list, the sidecar rule pairing them with an .mrc/.tif/.tiff of the same stem.
 */
package io.emmeta.core.read.epu;
