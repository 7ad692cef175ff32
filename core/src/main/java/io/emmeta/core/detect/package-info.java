/**
 * Detection: the container from the magic bytes, then the registered readers' sniffs in the registry's order, then the
 * container's fallbacks for kinds no reader claims. Depends on the readers' interface, never the other way round.
 */
package io.emmeta.core.detect;
