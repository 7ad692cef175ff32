/**
 * Where bytes come from: ranged reads through a cache that counts bytes and requests, over a file or any store
 * (the S3 fetcher lives in the s3 module). A store's own failure is a {@link io.emmeta.core.source.SourceUnavailableException}.
 */
package io.emmeta.core.source;
