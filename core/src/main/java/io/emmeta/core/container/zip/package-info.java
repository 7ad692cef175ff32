/**
 * ZIP archives read from the end by ranges (central directory, ZIP64 aware) so that one small entry can be taken out of
 * an archive of large arrays without reading them.
 */
package io.emmeta.core.container.zip;
