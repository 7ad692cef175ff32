/**
 * JEOL: SEM {@code $CM_} sidecars and Analysis Station files (.img, .map, .pts, .ASW).
 */
package io.emmeta.core.read.jeol;
