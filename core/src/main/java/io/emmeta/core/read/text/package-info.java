/**
 * Vendor text shared by readers: INI sections, numbers as vendors write them, bounds on text size.
 */
package io.emmeta.core.read.text;
