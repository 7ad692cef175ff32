/**
 * The command line: {@code emmeta extract} over files, folders and {@code s3://} prefixes.
 */
package io.emmeta.adapter.cli;
