/**
 * TIFFs without a vendor reader: baseline tags, resolution and descriptive text, private tags listed.
 */
package io.emmeta.core.read.tiff;
