/**
 * Typed problems and the bounds every extraction runs within: error codes, the time limit, the memory budget,
 * warnings collected on the way.
 */
package io.emmeta.core.problem;
