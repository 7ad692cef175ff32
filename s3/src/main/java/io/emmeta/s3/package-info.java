/**
 * The chain on S3 (AWS SDK, no framework): every trigger shape, ranged GETs pinned to the ETag, documents
 * written beside their objects and kept true as objects change, and the backfill of a whole prefix. The Lambda and the
 * CLI share it.
 */
package io.emmeta.s3;
