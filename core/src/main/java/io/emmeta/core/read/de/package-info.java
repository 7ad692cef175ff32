/**
 * Direct Electron DE-Server {@code _info.txt} sidecars of MRC movies.
 */
package io.emmeta.core.read.de;
