/**
 * What readers and detection share, and nothing else: a format's descriptor ({@link io.emmeta.core.format.FormatSpec}),
 * a reader's claim on an object ({@link io.emmeta.core.format.Sniff}), the detection a record shows
 * ({@link io.emmeta.core.format.Detection}), sidecar pairing rules, and the kinds detection names on its own. Readers
 * import this package, never {@code core.detect}; this package imports neither.
 */
package io.emmeta.core.format;
