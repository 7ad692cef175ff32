package io.emmeta.adapter.cli;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;

import io.emmeta.s3.S3CallTuning;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** The CLI's S3 client: the SDK's default credential and region chains, the URL-connection HTTP client. */
final class S3Clients {

    private S3Clients() {
    }

    /**
     * @param endpoint an S3-compatible store's URL (then path-style access), or null for AWS
     * @param region   the region, or null for the SDK's region chain
     */
    static S3Client standard(String endpoint, String region, PrintStream err) {
        S3ClientBuilder b = S3Client.builder().httpClient(UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5)).socketTimeout(Duration.ofSeconds(60)).build());
        S3CallTuning.configure(b); // one round trip per PUT (issue #15)
        if (endpoint != null) {
            b.endpointOverride(URI.create(endpoint)).serviceConfiguration(S3CallTuning.serviceConfiguration()
                    .pathStyleAccessEnabled(true).build());
        }
        Region r = region == null ? null : Region.of(region);
        if (r == null) {
            try {
                r = new DefaultAwsRegionProviderChain().getRegion();
            } catch (SdkClientException e) {
                r = Region.US_EAST_1;
                if (endpoint == null) {
                    err.println("emmeta: no region configured (AWS_REGION, profile or --region); using us-east-1 and"
                            + " following the bucket's own region");
                }
            }
        }
        b.region(r);
        if (endpoint == null) {
            b.crossRegionAccessEnabled(true); // a bucket in another region than the configured one still works
        }
        return b.build();
    }
}
