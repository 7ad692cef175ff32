/**
 * One class of ours inside jHDF's package: {@link io.jhdf.dataset.chunked.ChunkLocations} reaches jHDF's chunk index
 * (protected there, no public accessor in 0.13) so the preview can fetch one chunk by a ranged read instead of having
 * jHDF read whole chunks. Nothing else belongs here.
 */
package io.jhdf.dataset.chunked;
