package io.emmeta.core.read.velox;

import io.emmeta.core.model.MetadataTree;

/**
 * Facts that are in the Velox JSON but not at a fixed path, put where a mapping table can address them:
 * {@code derived/aperturesByName/<Name>} = that aperture's Diameter (Velox numbers apertures Aperture-0..n, and
 * which number is C2 or OBJ varies between instruments). Everything stays in its original place as well.
 */
final class DerivedFacts {

    private DerivedFacts() {
    }

    static void add(MetadataTree item) {
        MetadataTree apertures = item.getTree("Optics/Apertures");
        if (apertures == null) {
            return;
        }
        MetadataTree byName = null;
        for (Object a : apertures.entries().values()) {
            if (a instanceof MetadataTree ap && ap.text("Name") != null && ap.get("Diameter") != null
                    && ap.get("Diameter").isNumber()) {
                if (byName == null) {
                    byName = item.section("derived").section("aperturesByName");
                }
                byName.put(ap.text("Name").replace("/", "%2F"), ap.get("Diameter"));
            }
        }
    }
}
