package dev.warren.api.internal.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON in and out: ISO-8601 instants, strict parsing (duplicate keys and trailing data are errors). */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static byte[] error(String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return write(body);
    }

    /**
     * The body as a JSON object; an empty body is {@code {}} when {@code emptyAllowed}.
     *
     * @throws ApiException 400 naming the parse problem and where it is
     */
    public static ObjectNode object(byte[] body, boolean emptyAllowed) {
        if (body == null || body.length == 0 || isBlank(body)) {
            if (emptyAllowed) {
                return MAPPER.createObjectNode();
            }
            throw ApiException.badRequest("body: empty (expected: a JSON object)");
        }
        JsonNode node;
        try (JsonParser parser = MAPPER.createParser(body)) {
            node = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw ApiException.badRequest("malformed JSON: data after the end of the object");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            // the parser's own words may quote the caller's text: the response gets them (redacted), the log does not
            throw new ApiException(io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "malformed JSON" + where + ": " + Redaction.redact(e.getOriginalMessage()),
                    "malformed JSON" + where, null);
        } catch (IOException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getClass().getSimpleName());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("body: " + (node == null ? "empty" : "a JSON " + node.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT)) + " (expected: a JSON object)");
        }
        return (ObjectNode) node;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
