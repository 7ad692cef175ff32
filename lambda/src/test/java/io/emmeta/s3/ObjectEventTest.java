package io.emmeta.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** S3's sequencer order and the event names that mean an upload or a removal. */
class ObjectEventTest {

    @Test
    void sequencersCompareAfterRightPaddingWithZeros() {
        assertTrue(ObjectEvent.compareSequencers("0055AED6DCD90281E4", "0055AED6DCD90281E5") < 0);
        assertTrue(ObjectEvent.compareSequencers("0055AED6DCD90281E5", "0055aed6dcd90281e4") > 0, "case-insensitive");
        assertEquals(0, ObjectEvent.compareSequencers("0055AED6DCD9028100", "0055AED6DCD90281"), "padding only");
        // different lengths: the shorter is padded on the right, so a longer string with a higher digit is newer
        assertTrue(ObjectEvent.compareSequencers("0055AED6DCD90281", "0055AED6DCD9028101") < 0);
        assertTrue(ObjectEvent.compareSequencers("0055AED6DCD90282", "0055AED6DCD90281FF") > 0);
    }

    @Test
    void eventNames() {
        for (String n : new String[] {"ObjectRemoved:Delete", "ObjectRemoved:DeleteMarkerCreated", "Object Deleted"}) {
            assertTrue(new ObjectEvent(n, null, null).isRemoval(), n);
            assertFalse(new ObjectEvent(n, null, null).isCreation(), n);
        }
        for (String n : new String[] {"ObjectCreated:Put", "ObjectCreated:Copy", "ObjectCreated:CompleteMultipartUpload",
                "Object Created", null}) {
            assertTrue(new ObjectEvent(n, null, null).isCreation(), n);
            assertFalse(new ObjectEvent(n, null, null).isRemoval(), n);
        }
        assertFalse(new ObjectEvent("ObjectRestore:Completed", null, null).isCreation());
        assertEquals(null, new ObjectEvent("x", "null", " ").versionId(), "S3 sends \"null\" for unversioned objects");
    }
}
