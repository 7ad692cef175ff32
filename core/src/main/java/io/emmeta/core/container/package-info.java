/**
 * File structures shared by many formats, read by ranges: the probe holds the head bytes and the parsed
 * container a reader needs. A container decides no format.
 */
package io.emmeta.core.container;
