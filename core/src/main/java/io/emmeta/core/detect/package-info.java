/**
 * Format and vendor from the content only (never the name), with the evidence behind the verdict.
 */
package io.emmeta.core.detect;
