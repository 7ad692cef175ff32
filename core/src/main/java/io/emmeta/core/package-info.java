/**
 * The chain, framework-free: an object's bytes in, an extraction record and a schema document out.
 * <p>Data flows one way: {@code source} (ranged reads) → {@code container} (TIFF, HDF5, SFS structure) → {@code detect}
 * (format and vendor from content) → {@code read} (one reader per format, the vendor's typed tree) → {@code map}
 * (tables as data into the SEM/TEM schemas) → {@code output} (record and document). {@link io.emmeta.core.Extractor}
 * runs it; the Lambda, the CLI and the tests share it. This module has no Quarkus and no AWS SDK on its class path.
 */
package io.emmeta.core;
