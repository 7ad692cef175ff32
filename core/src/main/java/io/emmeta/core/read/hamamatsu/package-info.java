/**
 * Hamamatsu HPD-TA {@code .img} (streak and camera images): a 64-byte {@code IM} header, then the comment text
 * ({@code [Section],Key=Value,...}) the reader keeps; pixels and scaling tables are never read.
 */
package io.emmeta.core.read.hamamatsu;
