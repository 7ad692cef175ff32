package io.emmeta.s3;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One object the processor writes beside an upload (the schema document, the extraction record, any further
 * rendition): its key, bytes, content type and our user metadata. The processor gathers them all, then PUTs them side
 * by side, so their number does not add round trips.
 */
record Output(String key, byte[] body, String contentType, Map<String, String> metadata) {

    static Output json(ObjectMapper writer, String key, Object value, Map<String, String> metadata)
            throws JsonProcessingException {
        return new Output(key, writer.writeValueAsString(value).getBytes(StandardCharsets.UTF_8), "application/json",
                metadata);
    }
}
