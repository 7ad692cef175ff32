/**
 * Protochips in-situ holder logs ({@code .csv} from Fusion/Atmosphere software): the header notes and the columns,
 * from a bounded head of the file.
 */
package io.emmeta.core.read.protochips;
