/**
 * X-ray spectroscopy files: EMSA/MSA, EDAX .spc, Bruker .bcf (SFS) and .spx, and XML documents kept whole.
 */
package io.emmeta.core.read.eds;
