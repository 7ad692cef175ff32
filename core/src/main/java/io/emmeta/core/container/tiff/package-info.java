/**
 * TIFF and BigTIFF: the IFD walk by ranges, fields typed by Apache Commons Imaging.
 */
package io.emmeta.core.container.tiff;
