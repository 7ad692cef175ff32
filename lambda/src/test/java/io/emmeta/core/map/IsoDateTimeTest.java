package io.emmeta.core.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.emmeta.core.model.MetadataTree;
import io.emmeta.core.model.Value;

/**
 * {@link Converters#isoDateTime}: an offset is converted to UTC 'Z', a local time stays local, and text that is
 * neither is a mapping error. The offset form is tried only when its syntax matches (no exception per local time,
 * issue #15); these cases pin that the choice changes no outcome.
 */
class IsoDateTimeTest {

    private static String convert(String text) throws MappingException {
        MappingContext ctx = new MappingContext(new MetadataTree(), new MetadataTree());
        return Converters.isoDateTime(List.of(Value.text(text)), ctx).asText();
    }

    @Test
    void offsetBecomesUtc() throws MappingException {
        assertEquals("2020-08-31T13:32:31Z", convert("2020-08-31T15:32:31+02:00"));
        assertEquals("2020-08-31T15:32:31Z", convert(" 2020-08-31T15:32:31Z "));
        assertEquals("2020-08-31T13:32:31Z", convert("2020-08-31T15:32:31.250+02:00"));
    }

    @Test
    void localStaysLocal() throws MappingException {
        assertEquals("2020-08-31T15:32:31", convert("2020-08-31T15:32:31"));
        assertEquals("2020-08-31T15:32:00", convert("2020-08-31T15:32"));
        assertEquals("2020-08-31T15:32:31", convert("2020-08-31T15:32:31.5"));
    }

    @Test
    void neitherIsAnError() {
        assertThrows(MappingException.class, () -> convert("2020-02-30T15:32:31+02:00")); // no such day
        assertThrows(MappingException.class, () -> convert("2020-02-30T15:32:31"));
        assertThrows(MappingException.class, () -> convert("2020-08-31T15:32:31+02:00[Europe/Paris]"));
        assertThrows(MappingException.class, () -> convert("2020-08-31 15:32:31"));
        assertThrows(MappingException.class, () -> convert("31.08.2020"));
    }
}
