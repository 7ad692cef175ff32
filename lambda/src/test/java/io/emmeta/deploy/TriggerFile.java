package io.emmeta.deploy;

import io.emmeta.core.TriggerSuffixes;

/** Renders {@code src/main/deploy/triggers.yml}, the part of serverless.yml derived from the readers. */
final class TriggerFile {

    private TriggerFile() {
    }

    static String render() {
        StringBuilder y = new StringBuilder();
        y.append("# GENERATED from the formats the readers read (io.emmeta.core.TriggerSuffixes): do not edit by hand.\n")
                .append("# A new format's endings go into its reader's FormatSpec (io.emmeta.core.Readers); then regenerate with\n")
                .append("#   ./mvnw -q test -Dtest=TriggerFileTest -Demmeta.triggers.write=true\n")
                .append("# (TriggerFileTest fails while this file differs from what the code derives.)\n\n");
        y.append("# The endings, lower case.\nendings: [");
        y.append(String.join(", ", TriggerSuffixes.all())).append("]\n\n");
        y.append("# EventBridge (default trigger): keys ending in any of these, in any case. Our outputs end in .json.\n");
        y.append("eventBridgeKeys:\n");
        for (String e : TriggerSuffixes.all()) {
            y.append("  - suffix: {equals-ignore-case: '").append(e).append("'}\n");
        }
        y.append("\n# S3 notifications (--param=\"trigger=s3\"): one configuration per suffix spelling and event type\n")
                .append("# (S3 compares suffixes case-sensitively; .tif .TIF .Tif are spelled out).\n");
        y.append("s3Events:\n");
        for (String event : new String[] {"s3:ObjectCreated:*", "s3:ObjectRemoved:*"}) {
            for (String s : TriggerSuffixes.s3Suffixes()) {
                y.append("  - s3: {bucket: '${self:custom.bucket}', event: '").append(event)
                        .append("', rules: [{suffix: '").append(s).append("'}]}\n");
            }
        }
        y.append("\n# SQS (--param=\"trigger=sqs\"): the same suffixes on the bucket's notification to the queue.\n");
        y.append("sqsQueueConfigurations:\n");
        for (String event : new String[] {"s3:ObjectCreated:*", "s3:ObjectRemoved:*"}) {
            for (String s : TriggerSuffixes.s3Suffixes()) {
                y.append("  - {Event: '").append(event).append("', Queue: {'Fn::GetAtt': [UploadQueue, Arn]}, ")
                        .append("Filter: {S3Key: {Rules: [{Name: suffix, Value: '").append(s).append("'}]}}}\n");
            }
        }
        return y.toString();
    }
}
