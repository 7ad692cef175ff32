/**
 * Hitachi SEM {@code [SemImageFile]} sidecars.
 */
package io.emmeta.core.read.hitachi;
