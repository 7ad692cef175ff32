/**
 * The Quarkus Funqy function: an event in, the s3 module's outcomes out; configuration and the native
 * image's registrations. The only package that sees Quarkus.
 */
package io.emmeta.adapter.lambda;
